# Numbers too large for their field are reported by the parser; values merely out of range (port 70000) are
# left to the checker.
# expect: RL0405 10:14 mark '0x100000000' is too large; it is at most 0xffffffff
# expect: RL0405 11:19 port '99999999999' is too large; it is at most 65535
# expect: RL0405 12:34 mark '4294967296' is too large; it is at most 0xffffffff
policy numbers

table mangle {
    chain PREROUTING {
        mark 0x100000000 accept
        tcp dport 99999999999 accept
        tcp dport 70000 mark set 4294967296
    }
}
