# -m hashlimit: a token bucket per group of packets (per source address here), kept in a named kernel table.
policy hashlimit

table filter {
    chain INPUT policy drop {
        # upto matches while a source opens at most 4 SSH connections a minute (after a burst of 5)
        tcp dport 22 state new hashlimit upto 4/minute per saddr name ssh accept

        # above matches once a source and port pair goes over 100 a second; idle groups go after 30 s
        hashlimit above 100/second burst 20 per saddr,dport name flood expire 30000 drop

        # whole /24 networks share one bucket
        udp dport 53 hashlimit upto 50/second per saddr name dns srcmask 24 accept
    }
}
