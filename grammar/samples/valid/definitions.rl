# Definitions and includes: an included file brings its definitions, tables and intents in at the include,
# not its policy name; a file included twice is read once.
policy definitions

include "included/common.rl"
include "included/common.rl"

define single = 192.0.2.7
define ssh = 22
define high = 8000-8010
define servers = { 10.1.0.1, 2001:db8:2::1 }

table filter {
    chain INPUT policy drop {
        # One rule per address of $office (IPv4 and IPv6), and one multiport match for $web_ports.
        tcp dport $web_ports saddr $office accept
        # Lists on both sides: one rule per pair of the same family.
        saddr $office daddr $servers accept
        saddr $admin tcp dport $ssh accept
        daddr $single udp dport $high accept
    }
}
