# An included file whose bytes are not UTF-8 is reported at the byte in that file, not read with a U+FFFD.
# expect: RL0415 included/latin-1.rl 1:46 byte 0xE9 at byte offset 45 is not UTF-8
policy not-utf8

include "included/latin-1.rl"
