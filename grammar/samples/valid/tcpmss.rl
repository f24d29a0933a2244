# mss-action: -j TCPMSS, the MSS a SYN announces clamped to the route's MTU or set to a number.
policy tcpmss

table mangle {
    chain FORWARD {
        tcp flags syn,rst syn mss clamp-to-pmtu
    }
    chain POSTROUTING {
        tcp syn oif wan0 mss set 1400
    }
    chain PREROUTING {
        tcp syn mss set 1360
    }
}
