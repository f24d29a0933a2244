# The recent match and the count action: an SSH rate guard and kube-proxy's session affinity and firewall chain.
policy recent-count

table filter {
    chain INPUT policy drop {
        # recent-match: check a list, within seconds, reaping older entries; set adds the source address
        tcp dport 22 recent check name ssh-scan seconds 60 reap drop
        tcp dport 22 state new recent set name ssh-scan accept
        recent check name "list:with:colons" drop
        recent check name DEFAULT seconds 3600 drop

        # count: no target; the packets are counted and go on to the next rule
        udp comment "counted, then on" count
        count
    }
}

table nat {
    chain PREROUTING {
        tcp daddr 10.96.0.10 dport 80 jump KUBE-SVC-WEB
    }

    chain KUBE-SVC-WEB {
        comment "default/web -> 10.244.1.10:8080" recent check name KUBE-SEP-WEB1 seconds 10800 reap jump KUBE-SEP-WEB1
        jump KUBE-FW-WEB
    }

    chain KUBE-FW-WEB {
        saddr 203.0.113.0/24 jump KUBE-SEP-WEB1
        comment "other traffic to default/web will be dropped by KUBE-PROXY-FIREWALL" count
    }

    chain KUBE-SEP-WEB1 {
        tcp comment "default/web" recent set name KUBE-SEP-WEB1 dnat to 10.244.1.10:8080
    }
}
