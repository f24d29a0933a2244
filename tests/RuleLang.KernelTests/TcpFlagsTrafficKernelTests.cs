using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests;

/// <summary>
/// --syn, --tcp-flags and pkttype decide real connections the same way in both back ends: a server's INPUT resets
/// the opening SYN on one port (--syn matches it), lets a SYN through where the flags ask for SYN and ACK together,
/// drops every segment after the SYN on another port (! --syn: the handshake's ACK never arrives, so no reply), and
/// resets a unicast connection where pkttype asks for unicast but not where it asks for multicast.
/// </summary>
[TestFixture]
public sealed class TcpFlagsTrafficKernelTests : KernelTestBase
{
    private static readonly Model.Policy FlagsPolicy = Policy("tcpflags", Table(TableKind.Filter, Builtin(Hook.Input,
        Rule(new RejectTarget(RejectWith.TcpReset), Proto(Protocol.Tcp), Dport(8080), TcpFlagsMatch.Syn()),
        Rule(new RejectTarget(RejectWith.TcpReset), Proto(Protocol.Tcp), Dport(8081), new TcpFlagsMatch(TcpFlags.Syn | TcpFlags.Ack, TcpFlags.Syn | TcpFlags.Ack)),
        Rule(Drop, Proto(Protocol.Tcp), Dport(8082), TcpFlagsMatch.Syn(negated: true)),
        Rule(new RejectTarget(RejectWith.TcpReset), Proto(Protocol.Tcp), Dport(8083), new PacketTypeMatch(PacketType.Unicast)),
        Rule(new RejectTarget(RejectWith.TcpReset), Proto(Protocol.Tcp), Dport(8084), new PacketTypeMatch(PacketType.Multicast)))));

    [TestCase(RulesetFormat.Iptables)]
    [TestCase(RulesetFormat.Nft)]
    public void Syn_flags_and_packet_type_decide_connections(RulesetFormat format)
    {
        var compiled = PolicyCompiler.Compile(FlagsPolicy, new[] { format });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        string text = compiled.Rulesets.Single(r => r.Format == format).Text;

        NetNamespace client = CreateNamespace("flagc");
        NetNamespace server = CreateNamespace("flags");
        Topology.Connect(client, "10.88.0.1/24", server, "10.88.0.2/24");
        ExecResult load = format == RulesetFormat.Nft ? server.LoadNft(text) : server.RestoreIptables(text);
        load.EnsureSuccess("loading the " + format + " ruleset");

        var servers = Enumerable.Range(8080, 5).Select(port => Traffic.StartTcpServer(server, "10.88.0.2", port, "p" + port)).ToArray();
        try
        {
            Assert.Multiple(() =>
            {
                Assert.That(Traffic.TryConnect(client, "10.88.0.2", 8080).Status, Is.EqualTo(ConnectStatus.Refused), "--syn resets the opening SYN");
                Assert.That(Traffic.TryConnect(client, "10.88.0.2", 8081), Is.EqualTo(ConnectOutcome.Connected("p8081")), "no segment has SYN and ACK both");
                // The client's connect() completes on the SYN-ACK; the server never sees the handshake's ACK, so never replies.
                Assert.That(Traffic.TryConnect(client, "10.88.0.2", 8082), Is.Not.EqualTo(ConnectOutcome.Connected("p8082")), "! --syn drops all but the SYN");
                Assert.That(Traffic.TryConnect(client, "10.88.0.2", 8083).Status, Is.EqualTo(ConnectStatus.Refused), "a connection to the host is unicast");
                Assert.That(Traffic.TryConnect(client, "10.88.0.2", 8084), Is.EqualTo(ConnectOutcome.Connected("p8084")), "and not multicast");
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
