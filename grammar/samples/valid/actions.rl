# Every action of the grammar, each in a table and chain where the kernel allows it.
policy actions

table filter {
    chain INPUT {
        iif lo accept
        iif eth9 drop
        iif eth1 reject
        iif eth2 reject with port-unreachable
        iif eth3 reject with host-unreachable
        iif eth4 reject with net-unreachable
        iif eth5 reject with admin-prohibited
        tcp iif eth6 reject with tcp-reset
        iif eth7 jump checks
        iif eth8 goto checks
        log
        iif eth10 log prefix "in: "
        iif eth11 log level 6
        iif eth12 log prefix "in: " level 7
    }

    chain checks {
        saddr 10.0.0.0/8 return
        drop
    }
}

table nat {
    chain PREROUTING {
        tcp dport 80 dnat to 10.0.0.2:8080
        iif eth0 dnat to 10.0.0.3
        tcp dport 81 dnat to 10.0.0.4:8000-8010
        tcp dport 82 dnat to [2001:db8::2]:8080
        iif eth1 dnat to 2001:db8::3
        iif eth2 dnat to [2001:db8::4]
        tcp dport 8081 redirect to 8080
        udp dport 8082 redirect to 8000-8010
    }

    chain POSTROUTING {
        oif eth0 snat to 192.0.2.1
        tcp oif eth1 snat to 192.0.2.1:1024-2000
        udp oif eth2 snat to 192.0.2.2:53
        oif eth3 masquerade
        oif eth4 masquerade random-fully
        tcp oif eth5 masquerade to 1024-2000
        udp oif eth6 masquerade to 1024-2000 random-fully
    }
}

table mangle {
    chain PREROUTING {
        iif eth0 mark set 0x1
        iif eth1 mark set 0x2/0xff
        iif eth2 connmark set 0x1
        iif eth3 connmark set 0x4/0xff
        iif eth4 connmark save
        iif eth5 connmark restore
    }

    chain POSTROUTING {
        oif eth0 dscp set 10
        oif eth1 dscp set 0x2e
        oif eth2 dscp set af41
        oif eth3 dscp set ef
        oif eth4 dscp set cs1
        oif eth5 dscp set be
    }
}

table raw {
    chain PREROUTING {
        udp dport 8125 notrack
    }
}

table security {
    chain INPUT {
        iif eth0 accept
    }
}
