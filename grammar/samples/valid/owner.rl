# owner-match: -m owner, the local socket a packet was sent from (OUTPUT and POSTROUTING only).
policy owner

table filter {
    chain OUTPUT policy accept {
        owner uid 65534 drop
        tcp dport 25 owner socket exists uid != 0-999 gid 100 reject
    }
}

table nat {
    chain POSTROUTING policy accept {
        owner socket missing masquerade
    }
}
