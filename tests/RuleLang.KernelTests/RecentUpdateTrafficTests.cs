using System.Linq;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests;

/// <summary>
/// The SSH brute-force guard of real dumps, emitted by the iptables back end and loaded in a namespace: every new
/// connection --sets its source in the list, and --update --seconds 60 --hitcount 4 drops the 4th within a minute
/// (and every one after it), while another source still connects. nft has no faithful form (RL3101).
/// </summary>
[TestFixture]
public sealed class RecentUpdateTrafficTests : KernelTestBase
{
    private const string Server = "10.9.1.100";
    private const string OtherClient = "10.9.1.2";
    private const int Port = 8080;

    [Test]
    public void The_fourth_new_connection_within_a_minute_is_dropped()
    {
        NetNamespace ns = CreateNamespace("recent");
        var policy = Policy("recent", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(NoTarget.Instance, Proto(Protocol.Tcp), Dport(Port), State(ConntrackStates.New), new RecentMatch("SSH", RecentCommand.Set)),
            Rule(Drop, Proto(Protocol.Tcp), Dport(Port), State(ConntrackStates.New), new RecentMatch("SSH", RecentCommand.Update, 60, HitCount: 4)))));
        string ruleset = LoopbackIptables.Load(ns, policy, Server, OtherClient);
        using var server = Traffic.StartTcpServer(ns, Server, Port, "hello");

        var outcomes = Traffic.ConnectMany(ns, Server, Port, 5);
        bool other = LoopbackIptables.ConnectsFrom(ns, OtherClient, Server, Port, "hello", out var result);

        Assert.That(outcomes.Select(o => o.IsConnected), Is.EqualTo(new[] { true, true, true, false, false }), () => string.Join("\n", outcomes) + "\n" + ruleset);
        Assert.That(other, Is.True, $"another source is not in the list: {result}");
    }
}
