# ICMP type names are looked up in the table of the rule's protocol.
# expect: RL0412 7:17 'echo-requests' is not an ICMP type name; write a name iptables knows, such as echo-request, or the number
# expect: RL0412 8:19 'source-quench' is not an ICMPv6 type name; write a name iptables knows, such as echo-request, or the number
# expect: RL0412 9:17 'neighbour-solicitation' is not an ICMP type name; write a name iptables knows, such as echo-request, or the number
policy icmp

allow icmp type echo-requests
allow icmpv6 type source-quench
allow icmp type neighbour-solicitation
