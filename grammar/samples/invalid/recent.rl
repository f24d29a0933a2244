# The recent match names its command and its list; a number too large for seconds or hitcount is the parser's.
# expect: RL0401 10:22 expected 'name', found 'accept'
# expect: RL0401 11:16 expected 'set', 'check', 'update' or 'remove'
# expect: RL0405 12:37 recent seconds '99999999999' is too large
# expect: RL0405 13:39 recent hitcount '99999999999' is too large
policy recent-bad

table filter {
    chain INPUT {
        recent check accept
        recent rcheck name a drop
        recent check name a seconds 99999999999 drop
        recent update name a hitcount 99999999999 drop
    }
}
