# The gateway of examples/Gateway (GatewayPolicy.cs) in the text language; it compiles to the same rulesets.
# Between an inside LAN (lan0, 10.0.0.0/24) and the outside (wan0): the LAN may go out and is masqueraded, SSH
# on port 2222 outside reaches the inner server 10.0.0.2, interactive SSH gets a QoS mark and class, and the
# busy metrics port skips connection tracking. IPv6 is not routed: the default DROP applies to it as well.
policy gateway

define lan_network = 10.0.0.0/24
define metrics = 8125

table filter {
    chain INPUT policy drop {
        iif lo accept
        state established,related accept
        tcp iif lan0 dport 22 comment "manage the gateway from the LAN" accept
        udp dport $metrics state untracked comment "metrics, untracked" accept
        icmpv6 comment "IPv6 cannot work without ICMPv6 neighbour discovery" accept
    }

    chain FORWARD policy drop {
        state established,related accept
        iif lan0 oif wan0 saddr $lan_network comment "the LAN may go out" accept
    }
}

forward tcp port 2222 iif wan0 to 10.0.0.2:22
masquerade oif wan0 saddr $lan_network

# Interactive SSH first in the queue, both ways: a mark for tc, and the DSCP class for the next hops.
table mangle {
    chain FORWARD {
        tcp dport 22 mark set 0x10
        tcp sport 22 mark set 0x10
        tcp dport 22 dscp set 0x10
        tcp sport 22 dscp set 0x10
    }
}

# Thousands of metrics datagrams a second: keep them out of the conntrack table.
table raw {
    chain PREROUTING {
        udp dport $metrics notrack
    }
    chain OUTPUT {
        udp sport $metrics notrack
    }
}

# Proved over every packet at build time (docs/analysis.md).
assert "2222 outside reaches only the inner server's ssh" tcp iif wan0 dport 2222 reaches only 10.0.0.2:22
assert "the gateway's ssh only from the LAN" tcp dport 22 iif != lan0 iif != lo dropped
assert "untracked metrics are accepted" udp dport $metrics accepted
