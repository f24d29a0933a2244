# A set is tested only after it is declared, and only by a keyword that compares what it holds.
# expect: RL0422 9:9 '@later' is not a set declared above; declare it first with 'set later TYPE { … }' or 'external set later TYPE'
# expect: RL0423 10:13 set 'web' holds ports, which 'saddr' does not compare; test it with sport or dport
policy sets

set web port { 80, 443 }
table filter {
    chain INPUT {
        saddr @later drop
        tcp saddr @web accept
    }
}
set later ipv4_addr { 192.0.2.1 }
