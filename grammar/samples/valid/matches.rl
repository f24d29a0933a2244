# Every match of the grammar, each where the kernel allows it.
policy matches

define admins = { 10.20.0.0/16, 2001:db8:20::/48 }
define web_ports = { 80, 443, 8000-8010 }

table filter {
    chain INPUT policy drop {
        # protocol-match: the protocol alone, or proto [!=] protocol | all
        tcp dport 1 accept
        udp dport 2 accept
        sctp dport 3 accept
        icmp type 8 accept
        icmpv6 type 128 accept
        proto tcp dport 4 accept
        proto != udp iif lo accept
        proto all iif lo2 accept

        # address-match
        saddr 10.0.0.0/8 daddr != 192.168.0.1 accept
        saddr 2001:db8::/32 accept
        daddr 192.0.2.1 accept
        saddr $admins accept

        # interface-match (oif is in FORWARD below)
        iif eth0 accept
        iif != eth1 drop
        iif veth+ accept

        # port-match: a port, a range, a list, a definition, negated
        tcp sport 1024-65535 dport 5 accept
        tcp dport != 22 sport 6 accept
        tcp dport { 80, 443, 8000-8010 } accept
        udp dport $web_ports accept
        sctp sport { 7, 8 } accept

        # state-match
        state new,established,related accept
        state invalid,untracked drop
        state snat,dnat accept
        state != new iif eth2 accept

        # mark-match
        mark 0x1 accept
        mark != 0x2/0xff accept
        mark 7 accept

        # addrtype-match
        stype local accept
        dtype != broadcast accept
        stype unspec dtype unicast accept
        dtype anycast accept
        dtype multicast accept
        stype blackhole accept
        stype unreachable accept
        stype prohibit accept
        stype throw accept
        stype nat accept
        stype xresolve accept

        # random-match, nth-match, limit-match
        random 0.5 accept
        random 1 accept
        nth every 3 packet 0 accept
        limit 10/second accept
        limit 5/minute burst 20 accept
        limit 1/hour accept
        limit 1/day burst 1 accept

        # icmp-match: by name and by number, with a code
        icmp type echo-request accept
        icmp type port-unreachable accept
        icmp type 3/1 accept
        icmpv6 type neighbour-solicitation accept
        icmpv6 type 1/4 accept

        # ct-proto-match and ct-tuple-match: the connection's protocol and its two tuples
        ct proto tcp accept
        ct proto != udp accept
        ct original saddr 10.0.0.0/8 accept
        ct original daddr != 192.0.2.1 accept
        ct reply saddr 2001:db8::1 accept
        ct reply daddr 192.0.2.0/24 accept
        tcp ct original dport 8080 accept
        tcp ct original sport != 1024-65535 accept
        udp ct reply sport 53 accept
        udp ct reply dport 0-4 accept

        # comment: escapes \" and \\ inside, and a # that is not a comment
        iif lo3 comment "say \"hi\" to C:\\ # not a comment" accept

        # tcp-flags-match (after tcp): syn is --syn; flags [!=] MASK SET is --tcp-flags MASK SET
        tcp syn dport 5 accept
        tcp flags != fin,syn,rst,ack syn state new drop
        tcp flags all none drop
        tcp flags syn,ack syn,ack accept

        # pkttype-match
        pkttype broadcast drop
        pkttype != unicast iif eth2 drop
    }

    chain FORWARD {
        oif eth0 accept
        oif != eth1 iif eth2 accept
        oif + drop
    }
}
