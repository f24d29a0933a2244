# Assertions: properties the build proves over every packet they name (docs/analysis.md). Each holds here;
# one that did not would fail the build with RL1207 and a counterexample packet.
policy assertions

define office = 192.168.1.0/24

table filter {
    chain INPUT policy drop {
        iif lo accept
        state established,related accept
        tcp dport 22 saddr $office accept
        tcp dport { 80, 443 } accept
    }
}

forward tcp port 2222 iif wan0 to 10.0.0.2:22

assert "ssh only from the office" tcp dport 22 saddr != $office iif != lo dropped
assert "web is open" tcp dport { 80, 443 } iif eth0 accepted
assert "no database from outside" tcp iif != lo never reaches port 3306
assert "2222 goes to the inner server" tcp dport 2222 iif wan0 reaches only 10.0.0.2:22
assert "the inner server, any port" tcp dport 2222 iif wan0 reaches only { 10.0.0.2, 10.0.0.3:22 }
assert "replies from outside are accepted" tcp saddr 203.0.113.0/24 state established iif eth0 accepted
