# set and set-match: named sets (docs/sets.md), declared before the rules that test them.
policy sets

set blocklist ipv4_net timeout 600 { 192.0.2.1, 198.51.100.0/24 }
set blocklist6 ipv6_addr { 2001:db8::1 }
set web port { 80, 443, 8000-8080 }
external set f2b-sshd ipv4_addr

table filter {
    chain INPUT policy drop {
        saddr @blocklist drop
        saddr @blocklist6 drop
        tcp dport 22 saddr != @f2b-sshd accept
        tcp dport @web accept
    }
}
