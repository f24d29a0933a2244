# The rest of the recent match: an SSH brute-force guard (the 4th new connection from a source within a minute is
# dropped), a port-scan list a later packet takes the source out of, and a list of destinations.
policy recent-update

table filter {
    chain INPUT policy drop {
        # set adds the source on every new connection; update matches once it was seen hitcount times within seconds
        tcp dport 22 state new recent set name SSH count
        tcp dport 22 state new recent update name SSH seconds 60 hitcount 4 drop
        tcp dport 22 accept

        # rttl: only a packet with the TTL the list saw; remove takes the source out of the list
        recent check name portscan seconds 86400 reap hitcount 2 rttl drop
        tcp dport 113 recent remove name portscan accept
    }

    chain FORWARD {
        # rdest: the list holds destination addresses
        recent update name flood seconds 30 rdest drop
    }
}
