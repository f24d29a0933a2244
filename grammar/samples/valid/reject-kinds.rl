# reject-kind: every reply; proto-unreachable, net-prohibited and host-prohibited are ICMP's alone (an IPv4 rule),
# policy-fail and reject-route ICMPv6's alone (an IPv6 rule).
policy reject-kinds

table filter {
    chain INPUT {
        udp dport 1 reject with proto-unreachable
        udp dport 2 reject with net-prohibited
        saddr 192.0.2.0/24 reject with host-prohibited
        udp dport 4 reject with policy-fail
        saddr 2001:db8::/32 reject with reject-route
        tcp dport 6 reject with tcp-reset
        reject with admin-prohibited
    }
}
