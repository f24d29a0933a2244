# An include that is not there, and one that comes back to this file through another.
# expect: RL0410 6:9 cannot include "included/does-not-exist.rl": there is no file
# expect: RL0411 included/loop.rl 2:9 including "../includes.rl" here closes a cycle:
policy includes

include "included/does-not-exist.rl"
include "included/loop.rl"
