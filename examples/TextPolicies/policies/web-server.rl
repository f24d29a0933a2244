# The web server of examples/WebServer (WebServerPolicy.cs) in the text language; it compiles to the same
# rulesets, byte for byte. A single dual-stack host: loopback and replies allowed, SSH only from the office LAN
# (IPv4 and IPv6), HTTPS open, HTTP on port 80 served by the application on 8080, everything else dropped.
policy web-server

# The office LAN in both families; a rule that names it becomes one rule per address.
define office = { 192.168.1.0/24, 2001:db8:1::/64 }

table filter {
    chain INPUT policy drop {
        iif lo comment "loopback" accept
        state established,related accept
        state invalid drop
        tcp dport 22 saddr $office comment "ssh from the office LAN only" accept
        tcp dport 443 comment "https" accept
        icmp type echo-request limit 10/second accept
        icmpv6 comment "IPv6 cannot work without ICMPv6 neighbour discovery" accept
    }
}

# Port 80 is answered by the application on 8080; the lowering also opens 8080, but only to connections that
# arrived as port 80.
redirect tcp port 80 to 8080

# Proved over every packet at build time; a change that broke one would fail the build with a counterexample
# packet and the rule that lets it through (docs/analysis.md).
assert "ssh only from the office" tcp dport 22 saddr != 192.168.1.0/24 iif != lo dropped
assert "ssh only from the office (IPv6)" tcp dport 22 saddr != 2001:db8:1::/64 iif != lo dropped
assert "https is open" tcp dport 443 accepted
assert "port 80 is served on 8080" tcp dport 80 never reaches port 80
assert "no database from outside" tcp iif != lo never reaches port 3306
