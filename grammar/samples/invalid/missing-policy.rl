# The first statement must name the policy.
# expect: RL0403 3:1 a .rl file starts with 'policy NAME', which names the emitted files; add one above this line
table filter {
    chain INPUT {
        accept
    }
}
policy late
