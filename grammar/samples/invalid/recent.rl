# The recent match names its command and its list; a number too large for seconds is the parser's.
# expect: RL0401 9:22 expected 'name', found 'accept'
# expect: RL0401 10:16 expected 'set' or 'check'
# expect: RL0405 11:37 recent seconds '99999999999' is too large
policy recent-bad

table filter {
    chain INPUT {
        recent check accept
        recent rcheck name a drop
        recent check name a seconds 99999999999 drop
    }
}
