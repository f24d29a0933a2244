# range-match: -m iprange, an interval of addresses with both ends included (nft's spelling of an interval).
policy iprange

table filter {
    chain INPUT policy drop {
        tcp saddr 10.0.0.1-10.0.0.9 dport 22 accept
        saddr != 192.168.1.100-192.168.1.200 daddr 10.0.0.1-10.0.0.1 drop
        daddr 2001:db8::1-2001:db8::ff accept
    }
}
