using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;

namespace RuleLang.Analyzers.Tests;

/// <summary>
/// One bad constant per kind of checked argument, with the expected diagnostics marked in place
/// (<c>{|RL0103:0|}</c>), and the nearest valid code, which must compile and draw nothing.
/// </summary>
public static class AnalyzerCases
{
    public sealed record Case(string Name, string Bad, string Good)
    {
        public override string ToString() => Name;
    }

    private static Case C(string name, string bad, string good, string badMembers = "", string? goodMembers = null) =>
        new(name, Snippet.Policy(bad, badMembers), Snippet.Policy(good, goodMembers ?? badMembers));

    private const string Endpoint = "new[] { (\"10.244.1.10\", 8080) }";

    public static readonly Case[] All =
    {
        // Addresses and networks.
        C("Source: not an address", "p.Filter.Input.Rule().Source({|RL0101:\"10.0.0.300\"|}).Accept();", "p.Filter.Input.Rule().Source(\"10.0.0.3\").Accept();"),
        C("Destination: CIDR with host bits", "p.Filter.Input.Rule().Destination({|RL0102:\"192.168.1.5/24\"|}).Accept();", "p.Filter.Input.Rule().Destination(\"192.168.1.0/24\").Accept();"),
        C("Source: IPv6 prefix too long", "p.Filter.Input.Tcp().Source({|RL0101:\"2001:db8::/129\"|}).DestinationPort(22).Accept();", "p.Filter.Input.Tcp().Source(\"2001:db8::/64\").DestinationPort(22).Accept();"),
        C("Dnat: a network, not a host", "p.Nat.Prerouting.Tcp().DestinationPort(80).Dnat({|RL0101:\"10.0.0.0/24\"|}, 8080);", "p.Nat.Prerouting.Tcp().DestinationPort(80).Dnat(\"10.0.0.2\", 8080);"),
        C("Snat: not an address", "p.Nat.Postrouting.Rule().Snat({|RL0101:\"192.0.2\"|});", "p.Nat.Postrouting.Rule().Snat(\"192.0.2.1\");"),
        C("Service: cluster IP", $"p.Service(\"default\", \"web\", \"http\", Protocol.Tcp, {{|RL0101:\"10.96.0.300\"|}}, 80, {Endpoint});", $"p.Service(\"default\", \"web\", \"http\", Protocol.Tcp, \"10.96.0.10\", 80, {Endpoint});"),
        C("Service: endpoints", "p.Service(\"default\", \"web\", \"http\", Protocol.Tcp, \"10.96.0.10\", 80, new[] { ({|RL0101:\"10.244.1\"|}, 8080), (\"10.244.2.10\", {|RL0103:65536|}) });", "p.Service(\"default\", \"web\", \"http\", Protocol.Tcp, \"10.96.0.10\", 80, new[] { (\"10.244.1.10\", 8080), (\"10.244.2.10\", 8080) });"),
        C("ClusterCidr", "p.ClusterCidr({|RL0101:\"10.244.0.0/33\"|});", "p.ClusterCidr(\"10.244.0.0/16\");"),
        C("Masquerade intent: interface and source", "p.Masquerade(outInterface: {|RL0105:\"wan0:1\"|}, source: {|RL0102:\"10.0.0.1/24\"|});", "p.Masquerade(outInterface: \"wan0\", source: \"10.0.0.0/24\");"),

        // Ports and ranges.
        C("DestinationPort", "p.Filter.Input.Tcp().DestinationPort({|RL0103:0|}).Accept();", "p.Filter.Input.Tcp().DestinationPort(22).Accept();"),
        C("SourcePort", "p.Filter.Input.Udp().SourcePort({|RL0103:70000|}).Accept();", "p.Filter.Input.Udp().SourcePort(53).Accept();"),
        C("DestinationPorts: one entry", "p.Filter.Input.Tcp().DestinationPorts(80, {|RL0103:0|}, 443).Accept();", "p.Filter.Input.Tcp().DestinationPorts(80, 8080, 443).Accept();"),
        C("DestinationPorts: more than 15", "p.Filter.Input.Tcp().DestinationPorts({|RL0110:1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16|}).Accept();", "p.Filter.Input.Tcp().DestinationPorts(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15).Accept();"),
        C("SourcePorts: ranges count twice", "p.Filter.Input.Udp().SourcePorts({|RL0110:new PortSpan(1, 2), new PortSpan(3, 4), new PortSpan(5, 6), new PortSpan(7, 8), new PortSpan(9, 10), new PortSpan(11, 12), new PortSpan(13, 14), new PortSpan(15, 16)|}).Accept();", "p.Filter.Input.Udp().SourcePorts(new PortSpan(1, 2), new PortSpan(3, 4), new PortSpan(5, 6), new PortSpan(7, 8), new PortSpan(9, 10), new PortSpan(11, 12), new PortSpan(13, 14), PortSpan.Single(15)).Accept();"),
        C("DestinationPortRange: backwards", "p.Filter.Input.Tcp().DestinationPortRange({|RL0104:2000, 1000|}).Accept();", "p.Filter.Input.Tcp().DestinationPortRange(1000, 2000).Accept();"),
        C("SourcePortRange: out of range", "p.Filter.Input.Sctp().SourcePortRange(1024, {|RL0103:65536|}).Accept();", "p.Filter.Input.Sctp().SourcePortRange(1024, 65535).Accept();"),
        C("Dnat: port", "p.Nat.Prerouting.Tcp().Dnat(\"10.0.0.2\", {|RL0103:0|});", "p.Nat.Prerouting.Tcp().Dnat(\"10.0.0.2\", 8080);"),
        C("Snat: port range backwards", "p.Nat.Postrouting.Udp().Snat(\"192.0.2.1\", {|RL0104:new PortSpan(2000, 1000)|});", "p.Nat.Postrouting.Udp().Snat(\"192.0.2.1\", new PortSpan(1000, 2000));"),
        C("Redirect: port", "p.Nat.Prerouting.Tcp().DestinationPort(80).Redirect({|RL0103:0|});", "p.Nat.Prerouting.Tcp().DestinationPort(80).Redirect(8080);"),
        C("Redirect: range backwards and out of range", "p.Nat.Output.Tcp().Redirect({|RL0104:new PortSpan({|RL0103:70000|}, 8000)|});", "p.Nat.Output.Tcp().Redirect(new PortSpan(8000, 9000));"),
        C("RedirectPort intent", "p.RedirectPort(Protocol.Tcp, from: {|RL0103:0|}, to: 8080, inInterface: {|RL0105:\"eth0 \"|});", "p.RedirectPort(Protocol.Tcp, from: 80, to: 8080, inInterface: \"eth0\");"),
        C("ForwardPort intent", "p.ForwardPort(Protocol.Tcp, port: 2222, to: {|RL0101:\"10.0.0.0/24\"|}, toPort: {|RL0103:70000|}, inInterface: \"wan0\");", "p.ForwardPort(Protocol.Tcp, port: 2222, to: \"10.0.0.2\", toPort: 22, inInterface: \"wan0\");"),
        C("Service: port and NodePort", $"p.Service(\"default\", \"web\", \"http\", Protocol.Tcp, \"10.96.0.10\", {{|RL0103:0|}}, {Endpoint}, nodePort: {{|RL0103:70000|}});", $"p.Service(\"default\", \"web\", \"http\", Protocol.Tcp, \"10.96.0.10\", 80, {Endpoint}, nodePort: 30080);"),

        // Names and texts.
        C("InInterface: too long", "p.Filter.Input.Rule().InInterface({|RL0105:\"a-very-long-interface\"|}).Accept();", "p.Filter.Input.Rule().InInterface(\"eth0\").Accept();"),
        C("OutInterface: '+' before the end", "p.Filter.Output.Rule().OutInterface({|RL0105:\"eth+0\"|}).Accept();", "p.Filter.Output.Rule().OutInterface(\"eth+\").Accept();"),
        C("Chain: the name of a target", "var audit = p.Filter.Chain({|RL0106:\"ACCEPT\"|});\np.Filter.Input.Rule().Jump(audit);", "var audit = p.Filter.Chain(\"AUDIT-IN\");\np.Filter.Input.Rule().Jump(audit);"),
        C("Chain: too long", "p.Nat.Chain({|RL0106:\"THIS-CHAIN-NAME-IS-FAR-TOO-LONG\"|}).Rule().Return();", "p.Nat.Chain(\"SHORT\").Rule().Return();"),
        C("Comment: 256 bytes in 128 two-byte characters", "p.Filter.Input.Rule().Comment({|RL0107:\"" + new string('\u00e9', 128) + "\"|}).Accept();",
            "p.Filter.Input.Rule().Comment(\"" + new string('\u00e9', 127) + "\").Accept();"),
        C("Comment: a line break", "p.Filter.Input.Rule().Comment({|RL0107:\"first\\nsecond\"|}).Accept();", "p.Filter.Input.Rule().Comment(\"first, second\").Accept();"),
        C("Log: prefix too long", "p.Filter.Input.Rule().Log({|RL0111:\"this log prefix is far too long: \"|});", "p.Filter.Input.Rule().Log(\"dropped: \");"),
        C("Log: level", "p.Filter.Input.Rule().Log(\"audit: \", {|RL0111:8|});", "p.Filter.Input.Rule().Log(\"audit: \", 7);"),

        // Numbers.
        C("Random: above 1", "p.Filter.Input.Rule().Random({|RL0108:1.5|}).Accept();", "p.Filter.Input.Rule().Random(0.5).Accept();"),
        C("Random: zero, as an int", "p.Filter.Input.Rule().Random({|RL0108:0|}).Accept();", "p.Filter.Input.Rule().Random(1).Accept();"),
        C("Dscp", "p.Mangle.Forward.Rule().Dscp({|RL0111:64|});", "p.Mangle.Forward.Rule().Dscp(46);"),
        C("IcmpType", "p.Filter.Input.Icmp().IcmpType({|RL0111:256|}).Accept();", "p.Filter.Input.Icmp().IcmpType(8).Accept();"),
        C("Limit: rate per second", "p.Filter.Input.Rule().Limit({|RL0111:20000|}, RateUnit.Second).Accept();", "p.Filter.Input.Rule().Limit(20000, RateUnit.Minute).Accept();"),
        C("Nth: packet past every", "p.Filter.Input.Rule().Nth(3, {|RL0111:3|}).Accept();", "p.Filter.Input.Rule().Nth(3, 2).Accept();"),
        C("MasqueradeBit", "p.MasqueradeBit({|RL0111:32|});", "p.MasqueradeBit(14);"),

        // Families within one rule's call chain, or one service.
        C("Mixed families: -s and -d", "p.Filter.Input.Rule().Source(\"10.0.0.0/8\").Destination({|RL0109:\"2001:db8::/32\"|}).Accept();", "p.Filter.Input.Rule().Source(\"10.0.0.0/8\").Destination(\"10.1.0.0/16\").Accept();"),
        C("Mixed families: -d and DNAT", "p.Nat.Prerouting.Tcp().Destination(\"2001:db8::1\").InInterface(\"wan0\").Dnat({|RL0109:\"10.0.0.2\"|}, 80);", "p.Nat.Prerouting.Tcp().Destination(\"2001:db8::1\").InInterface(\"wan0\").Dnat(\"2001:db8::2\", 80);"),
        C("Mixed families: service", "p.Service(\"default\", \"web\", \"http\", Protocol.Tcp, \"10.96.0.10\", 80, new[] { (\"10.244.1.10\", 8080), ({|RL0109:\"2001:db8::10\"|}, 8080) });", "p.Service(\"default\", \"web\", \"http\", Protocol.Tcp, \"10.96.0.10\", 80, new[] { (\"10.244.1.10\", 8080), (\"10.244.2.10\", 8080) });"),

        // Constants that are not literals.
        C("A const", "p.Filter.Input.Rule().Source({|RL0101:Lan|}).Accept();", "p.Filter.Input.Rule().Source(Lan).Accept();",
            "    private const string Lan = \"10.0.0.0/33\";\n", "    private const string Lan = \"10.0.0.0/24\";\n"),
        C("A constant interpolated string", "p.Filter.Input.Rule().Source({|RL0102:$\"{Net}/24\"|}).Accept();", "p.Filter.Input.Rule().Source($\"{Net}/32\").Accept();",
            "    private const string Net = \"192.168.1.5\";\n"),
        new("Policy name", Snippet.Policy("p.Filter.Input.Rule().Accept();", name: "{|RL0112:\"web server\"|}"), Snippet.Policy("p.Filter.Input.Rule().Accept();", name: "\"web-server\"")),
    };

    public static IEnumerable<TestCaseData> Bad() => All.Select(c => new TestCaseData(c).SetName("Reports " + c.Name));

    public static IEnumerable<TestCaseData> Good() => All.Select(c => new TestCaseData(c).SetName("Allows the valid counterpart of " + c.Name));

    public static IEnumerable<TestCaseData> SameAsChecker() => All.Select(c => new TestCaseData(c).SetName("Says what the checker says: " + c.Name));
}
