# -m connlimit: the number of tracked connections that share an address.
policy connlimit

table filter {
    chain INPUT policy drop {
        # a source with more than 3 open SSH connections is reset; whole /24 networks share 100 web connections
        tcp dport 22 syn connlimit above 3 reject with tcp-reset
        tcp dport 80 connlimit upto 100 mask 24 accept
    }

    chain FORWARD {
        # per daddr: the connections to one destination
        connlimit above 500 per daddr drop
    }
}
