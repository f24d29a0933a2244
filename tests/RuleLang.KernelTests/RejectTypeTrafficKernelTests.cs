using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests;

/// <summary>
/// The ICMP replies only IPv4 has reach the client as the reply they name, in both back ends: the client's connect()
/// fails with the errno the kernel maps each ICMP code to (host prohibited: EHOSTUNREACH, protocol unreachable:
/// ENOPROTOOPT, network prohibited: ENETUNREACH), and a port the rules do not touch connects.
/// </summary>
[TestFixture]
public sealed class RejectTypeTrafficKernelTests : KernelTestBase
{
    private static readonly Model.Policy RejectPolicy = Policy("rejecttypes", Table(TableKind.Filter, Builtin(Hook.Input,
        Rule(new RejectTarget(RejectWith.HostProhibited), Proto(Protocol.Tcp), Dport(8080)),
        Rule(new RejectTarget(RejectWith.ProtoUnreachable), Proto(Protocol.Tcp), Dport(8081)),
        Rule(new RejectTarget(RejectWith.NetProhibited), Proto(Protocol.Tcp), Dport(8082)))));

    [TestCase(RulesetFormat.Iptables)]
    [TestCase(RulesetFormat.Nft)]
    public void Each_reply_reaches_the_client_as_its_own_error(RulesetFormat format)
    {
        var compiled = PolicyCompiler.Compile(RejectPolicy, new[] { format });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        string text = compiled.Rulesets.First(r => r.Format == format).Text;

        NetNamespace client = CreateNamespace("rejc");
        NetNamespace server = CreateNamespace("rejs");
        Topology.Connect(client, "10.89.0.1/24", server, "10.89.0.2/24");
        ExecResult load = format == RulesetFormat.Nft ? server.LoadNft(text) : server.RestoreIptables(text);
        load.EnsureSuccess("loading the " + format + " ruleset");

        var servers = Enumerable.Range(8080, 4).Select(port => Traffic.StartTcpServer(server, "10.89.0.2", port, "p" + port)).ToArray();
        try
        {
            var hostProhibited = Traffic.TryConnect(client, "10.89.0.2", 8080);
            var protoUnreachable = Traffic.TryConnect(client, "10.89.0.2", 8081);
            var netProhibited = Traffic.TryConnect(client, "10.89.0.2", 8082);
            Assert.Multiple(() =>
            {
                Assert.That(hostProhibited.Status, Is.EqualTo(ConnectStatus.Refused), hostProhibited.ToString());
                Assert.That(hostProhibited.Detail, Does.Contain("No route to host"));
                Assert.That(protoUnreachable.Status, Is.EqualTo(ConnectStatus.Refused), protoUnreachable.ToString());
                Assert.That(protoUnreachable.Detail, Does.Contain("Protocol not available"));
                Assert.That(netProhibited.Status, Is.EqualTo(ConnectStatus.Refused), netProhibited.ToString());
                Assert.That(netProhibited.Detail, Does.Contain("Network is unreachable"));
                Assert.That(Traffic.TryConnect(client, "10.89.0.2", 8083), Is.EqualTo(ConnectOutcome.Connected("p8083")));
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
