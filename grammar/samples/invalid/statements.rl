# Top-level mistakes: an unknown statement, a chain outside a table (its block is skipped), a stray '}',
# a table that does not exist, a chain header without '{'.
# expect: RL0401 11:1 expected a statement (policy, include, define, table, allow, redirect, forward, masquerade, service, cluster, assert, owns, set, external or place), found 'permit'
# expect: RL0401 13:1 expected a statement (policy, include, define, table, allow, redirect, forward, masquerade, service, cluster, assert, owns, set, external or place), found 'chain'
# expect: RL0401 17:1 expected a statement (policy, include, define, table, allow, redirect, forward, masquerade, service, cluster, assert, owns, set, external or place), found '}'
# expect: RL0401 19:7 expected a table name (raw, mangle, nat, filter or security), found 'filtre'
# expect: RL0401 23:24 expected 'accept' or 'drop', found 'reject'
# expect: RL0401 25:17 expected 'policy' or '{', found end of line
policy statements

permit tcp dport 22

chain INPUT {
    accept
}

}

table filtre {
}

table filter {
    chain INPUT policy reject {
    }
    chain OUTPUT
}
