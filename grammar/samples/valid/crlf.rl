# CRLF line ends (kept by grammar/samples/.gitattributes).
policy crlf

table filter {
    chain INPUT policy drop {
        tcp dport { 22,
            443 } comment "over CRLF" accept
    }
}
allow iif lo
