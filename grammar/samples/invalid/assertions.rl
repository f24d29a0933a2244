# Assertions written wrong: no name, an expectation the language does not have, "reaches only" without a target.
# expect: RL0401 7:8 expected the assertion's name in quotes, found 'tcp'
# expect: RL0401 8:27 expected a match, or what must happen: dropped, accepted, reaches only …, never reaches port …, found 'allowed'
# expect: RL0401 9:30 expected an address, optionally with :port, such as 10.0.0.174:80 or '{', found end of line
policy assertions

assert tcp dport 22 dropped
assert "ssh" tcp dport 22 allowed
assert "web" tcp reaches only
