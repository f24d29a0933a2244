# Strings: not closed, a bad escape, not a string at all.
# expect: RL0401 8:35 expected '"' to end the string, found end of line
# expect: RL0401 9:26 expected \" or \\ (the only escapes in a string), found '\t'
# expect: RL0401 10:22 expected a string in double quotes, found 'bare'
# expect: RL0401 11:9 expected a string in double quotes, found 'nothing'
policy strings

allow iif lo comment "never closed
allow iif lo comment "tab\t" 
allow iif lo comment bare
include nothing
