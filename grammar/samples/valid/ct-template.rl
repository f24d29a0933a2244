# ct-template: -j CT --helper and --zone in raw, the template a new connection is made from.
policy ct-template

table raw {
    chain PREROUTING {
        tcp dport 21 ct helper set "ftp"
        udp dport 5060 ct helper set "sip" zone set 2
        iif eth1 ct zone set 1
        iif eth2 ct original zone set 3
    }
    chain OUTPUT {
        udp dport 69 ct helper set "tftp"
        ct reply zone set 65535
    }
}

table filter {
    chain INPUT {
        ct status assured,confirmed ct direction original accept
        ct status != expected ct expiration 10-20 accept
        ct direction reply ct expiration != 0 drop
    }
}
