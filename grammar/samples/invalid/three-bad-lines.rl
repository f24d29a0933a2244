# Three bad lines give three diagnostics, and the good lines between them still parse.
# expect: RL0401 9:19 expected a port number or range, found 'ssh'
# expect: RL0401 11:22 expected a match or an action, found 'acept'
# expect: RL0401 12:15 expected an address or a $definition, found 'accept'
policy three-bad-lines

table filter {
    chain INPUT policy drop {
        tcp dport ssh accept
        iif lo accept
        udp dport 53 acept
        saddr accept
        state established accept
    }
}
