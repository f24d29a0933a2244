# Included by includes.rl; including it back closes a cycle.
include "../includes.rl"
