# Binary junk and control characters are reported, never thrown.
# expect: RL0401 6:1 expected a statement (policy, include, define, table, allow, redirect, forward, masquerade, service, cluster, assert, owns, set, external or place), found '\x01\x02\ufffd\ufffd'
# expect: RL0401 7:13 expected a match or end of line, found '\x07'
# expect: RL0401 8:1 expected a statement (policy, include, define, table, allow, redirect, forward, masquerade, service, cluster, assert, owns, set, external or place), found '{'
policy junk
�� garbage
allow iif lo
{{{{{{{{{{
