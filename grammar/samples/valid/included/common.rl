# Included by definitions.rl. Its policy line lets it be checked on its own; when included it is ignored.
policy common

include "more.rl"

define office = { 192.168.1.0/24, 2001:db8:1::/64 }
define web_ports = { 80, 443 }

table filter {
    chain INPUT {
        iif lo accept
    }
}
