# physdev-match: -m physdev, the bridge ports of a packet br_netfilter hands to iptables.
policy physdev

table filter {
    chain FORWARD policy drop {
        physdev in veth+ out eth0 is-bridged accept
        physdev != is-in out != eth1 drop
        physdev is-in in != docker0 is-out is-bridged accept
    }
    chain OUTPUT policy accept {
        physdev out eth0 is-bridged accept
    }
}
