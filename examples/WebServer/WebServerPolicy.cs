using RuleLang;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Examples.WebServer;

/// <summary>
/// A single dual-stack web host: loopback and replies allowed, SSH only from the office LAN (IPv4 and IPv6),
/// HTTPS open, HTTP on port 80 served by the application listening on 8080, everything else dropped.
/// </summary>
public sealed class WebServerPolicy : PolicyDefinition
{
    public const string OfficeLan = "192.168.1.0/24";
    public const string OfficeLanV6 = "2001:db8:1::/64";

    public override string Name => "web-server";

    protected override void Define(PolicyBuilder p)
    {
        var input = p.Filter.Input;
        input.Policy(Verdict.Drop);
        input.Rule().InInterface("lo").Comment("loopback").Accept();
        input.Rule().State(ConntrackStates.Established | ConntrackStates.Related).Accept();
        input.Rule().State(ConntrackStates.Invalid).Drop();
        input.Tcp().DestinationPort(22).Source(OfficeLan).Comment("ssh from the office LAN only").Accept();
        input.Tcp().DestinationPort(22).Source(OfficeLanV6).Comment("ssh from the office LAN only").Accept();
        input.Tcp().DestinationPort(443).Comment("https").Accept();
        input.Icmp().IcmpType(IcmpType.EchoRequest).Limit(10, RateUnit.Second).Accept();
        input.Icmpv6().Comment("IPv6 cannot work without ICMPv6 neighbour discovery").Accept();

        // Port 80 is answered by the application on 8080; the lowering also opens 8080, but only to
        // connections that arrived as port 80.
        p.RedirectPort(Protocol.Tcp, from: 80, to: 8080);

        // Proved over every packet at build time; a change that broke one would fail the build with a
        // counterexample packet and the rule that lets it through (docs/analysis.md).
        p.Assert("ssh only from the office").Tcp().DestinationPort(22).Source(OfficeLan, not: true).InInterface("lo", not: true).IsDropped();
        p.Assert("ssh only from the office (IPv6)").Tcp().DestinationPort(22).Source(OfficeLanV6, not: true).InInterface("lo", not: true).IsDropped();
        p.Assert("https is open").Tcp().DestinationPort(443).IsAccepted();
        p.Assert("port 80 is served on 8080").Tcp().DestinationPort(80).NeverReaches(80);
        p.Assert("no database from outside").Tcp().InInterface("lo", not: true).NeverReaches(3306);
    }
}
