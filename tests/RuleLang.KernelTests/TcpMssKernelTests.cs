using System.Linq;
using NUnit.Framework;
using RuleLang.Checker;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests;

/// <summary>
/// TCPMSS: where the kernel takes it (the checker agrees, hook by hook and for the protocol and SYN it needs), and
/// that both back ends rewrite the MSS a forwarded SYN announces: a router clamps it to the next link's MTU less the
/// headers, or sets it, and the server, which resets every SYN with another MSS (-m tcpmss), accepts the connection.
/// </summary>
[TestFixture]
public sealed class TcpMssKernelTests : KernelTestBase
{
    private const string ClampLine = "-p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu";

    [TestCase(Hook.Prerouting)]
    [TestCase(Hook.Input)]
    [TestCase(Hook.Forward)]
    [TestCase(Hook.Output)]
    [TestCase(Hook.Postrouting)]
    public void The_checker_places_clamping_where_the_kernel_does(Hook hook)
    {
        NetNamespace ns = CreateNamespace("mssplace");
        bool kernel = ns.RestoreIptables($"*mangle\n-A {NetfilterFacts.ChainName(hook)} {ClampLine}\nCOMMIT\n").Success;
        var policy = Policy("p", Table(TableKind.Mangle, Builtin(hook,
            Rule(new TcpMssTarget(), Proto(Protocol.Tcp), new TcpFlagsMatch(TcpFlags.Syn | TcpFlags.Rst, TcpFlags.Syn)))));
        bool checker = !PolicyChecker.Check(policy).Any(d => d.Severity == Severity.Error);

        Assert.That(checker, Is.EqualTo(kernel), $"the kernel {(kernel ? "takes" : "refuses")} clamping in mangle {NetfilterFacts.ChainName(hook)}");
    }

    [Test]
    public void The_kernel_needs_tcp_and_the_legacy_kernel_a_syn_match_as_RL1232_says()
    {
        NetNamespace ns = CreateNamespace("msssyn");
        Assert.Multiple(() =>
        {
            Assert.That(ns.RestoreIptables("*mangle\n-A FORWARD -j TCPMSS --set-mss 1400\nCOMMIT\n").Success, Is.False, "no -p tcp");
            Assert.That(ns.RestoreIptables("*mangle\n-A FORWARD -p udp -j TCPMSS --set-mss 1400\nCOMMIT\n").Success, Is.False, "-p udp");
            Assert.That(ns.Exec("iptables-legacy-restore", stdin: "*mangle\n-A FORWARD -p tcp -j TCPMSS --set-mss 1400\nCOMMIT\n").Success, Is.False, "no SYN match");
            Assert.That(ns.Exec("iptables-legacy-restore", stdin: "*mangle\n-A FORWARD -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 1400\nCOMMIT\n").Success, Is.False, "! --syn");
            Assert.That(ns.Exec("iptables-legacy-restore", stdin: "*mangle\n-A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN,RST -j TCPMSS --set-mss 1400\nCOMMIT\n").Success, Is.True, "SYN among the flags set");
        });
        var noSyn = PolicyChecker.Check(Policy("p", Table(TableKind.Mangle, Builtin(Hook.Forward, Rule(new TcpMssTarget(1400), Proto(Protocol.Tcp))))));
        var synRst = PolicyChecker.Check(Policy("p", Table(TableKind.Mangle, Builtin(Hook.Forward,
            Rule(new TcpMssTarget(1400), Proto(Protocol.Tcp), new TcpFlagsMatch(TcpFlags.Syn | TcpFlags.Rst, TcpFlags.Syn | TcpFlags.Rst))))));
        Assert.That(noSyn.Select(d => d.Id), Does.Contain("RL1232"));
        Assert.That(synRst.Where(d => d.Severity == Severity.Error), Is.Empty);
    }

    private static readonly Model.Policy RouterPolicy = Policy("mss", Table(TableKind.Mangle, Builtin(Hook.Forward,
        Rule(new TcpMssTarget(), Proto(Protocol.Tcp), Dport(8080), new TcpFlagsMatch(TcpFlags.Syn | TcpFlags.Rst, TcpFlags.Syn)),
        Rule(new TcpMssTarget(1000), Proto(Protocol.Tcp), Dport(8081), TcpFlagsMatch.Syn()))));

    // The server's own check, in iptables' words: a SYN whose MSS is not the expected one is reset.
    private const string ServerCheck = "*filter\n"
        + "-A INPUT -p tcp -m tcp --dport 8080 --tcp-flags SYN,RST SYN -m tcpmss ! --mss 1240 -j REJECT --reject-with tcp-reset\n"
        + "-A INPUT -p tcp -m tcp --dport 8081 --tcp-flags SYN,RST SYN -m tcpmss ! --mss 1000 -j REJECT --reject-with tcp-reset\n"
        + "COMMIT\n";

    [TestCase(RulesetFormat.Iptables)]
    [TestCase(RulesetFormat.Nft)]
    public void A_router_clamps_or_sets_the_mss_of_a_forwarded_syn(RulesetFormat format)
    {
        var compiled = PolicyCompiler.Compile(RouterPolicy, new[] { format });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        string text = compiled.Rulesets.First(r => r.Format == format).Text;

        NetNamespace client = CreateNamespace("mssc");
        NetNamespace router = CreateNamespace("mssr");
        NetNamespace server = CreateNamespace("msss");
        Topology.Connect(client, "10.77.1.1/24", router, "10.77.1.2/24");
        Link inner = Topology.Connect(router, "10.77.2.2/24", server, "10.77.2.1/24");
        // The client's SYN says 1460 (its link's 1500 less 40); the router's link to the server carries 1280.
        router.IpCommand("link", "set", "dev", inner.InterfaceA, "mtu", "1280").EnsureSuccess("router mtu");
        server.IpCommand("link", "set", "dev", inner.InterfaceB, "mtu", "1280").EnsureSuccess("server mtu");
        Topology.AddDefaultRoute(client, "10.77.1.2");
        Topology.AddDefaultRoute(server, "10.77.2.2");
        router.EnableForwarding();
        server.RestoreIptables(ServerCheck).EnsureSuccess("the server's MSS check");

        var servers = new[] { Traffic.StartTcpServer(server, "10.77.2.1", 8080, "clamped"), Traffic.StartTcpServer(server, "10.77.2.1", 8081, "set") };
        try
        {
            Assert.That(Traffic.TryConnect(client, "10.77.2.1", 8080).Status, Is.EqualTo(ConnectStatus.Refused), "without the router's rules the SYN keeps 1460");
            ExecResult load = format == RulesetFormat.Nft ? router.LoadNft(text) : router.RestoreIptables(text);
            load.EnsureSuccess("loading the " + format + " ruleset");
            Assert.Multiple(() =>
            {
                Assert.That(Traffic.TryConnect(client, "10.77.2.1", 8080), Is.EqualTo(ConnectOutcome.Connected("clamped")), "clamped to 1280 - 40");
                Assert.That(Traffic.TryConnect(client, "10.77.2.1", 8081), Is.EqualTo(ConnectOutcome.Connected("set")), "set to 1000");
            });
        }
        finally
        {
            foreach (var s in servers)
            {
                s.Dispose();
            }
        }
    }
}
