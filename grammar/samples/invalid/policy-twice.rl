# One policy line per file.
# expect: RL0404 5:1 the policy is already named 'first' at line 3; a file has one policy line
policy first
allow iif lo
policy second
