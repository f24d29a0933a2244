# Imported from legacy-host.rules by rulelang import
# Written by RuleLang. Rules are tested in the order written; see docs/guide.md.
policy legacy-host

table nat {
    chain PREROUTING policy accept {
        tcp iif eth0 dport 2525 redirect to 25
    }

    chain INPUT policy accept {
    }

    chain OUTPUT policy accept {
    }

    chain POSTROUTING policy accept {
    }
}

table filter {
    chain INPUT policy drop {
        iif lo accept
        state related,established accept
        state invalid drop
        tcp dport 22 jump SSH-GUARD
        tcp dport {25, 465, 587} comment "mail submission and relay" accept
        tcp dport {80, 443} accept
        icmp type 8 limit 5/second burst 10 accept
        udp saddr 10.20.0.0/16 dport 161 comment "SNMP from the monitoring network" accept
        jump LOGDROP
    }

    chain FORWARD policy drop {
    }

    chain OUTPUT policy accept {
    }

    chain LOGDROP {
        limit 6/minute log prefix "input drop: "
        drop
    }

    chain SSH-GUARD {
        saddr 10.20.0.0/16 accept
        saddr 192.0.2.0/24 comment "the old office" accept
        tcp reject with tcp-reset
    }
}
