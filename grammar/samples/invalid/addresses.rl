# Address lists: a negated list cannot be one rule, and two lists with no pair of one family make no rule.
# expect: RL0413 9:7 'saddr != $office' cannot be one rule: $office holds 2 addresses, and a rule tests one address per side; negate a single address, or jump to a chain that returns for each
# expect: RL0414 10:1 $office and $v6 have no IPv4 or IPv6 pair in common, so this line makes no rule; give both sides addresses of one family
policy addresses

define office = { 192.168.1.0/24, 192.168.2.0/24 }
define v6 = { 2001:db8::/32, 2001:db8:1::/48 }

allow saddr != $office
allow saddr $office daddr $v6
