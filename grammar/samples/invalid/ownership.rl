# Ownership statements: a second owns, a placement that is not one, a chain that is not built in.
# expect: RL0418 8:1 the policy already says what it owns at line 7; a policy has one 'owns' statement, so remove one
# expect: RL0401 9:20 expected a jump placement: first, last, before CHAIN or after CHAIN, found 'sideways'
# expect: RL1101 10:14 table filter has no built-in chain PREROUTING; its built-in chains are INPUT, FORWARD, OUTPUT
policy ownership

owns chains
owns tables
place filter INPUT sideways
place filter PREROUTING first
