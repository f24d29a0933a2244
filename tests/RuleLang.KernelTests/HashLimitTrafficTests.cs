using System.Linq;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests;

/// <summary>
/// -m hashlimit emitted by the iptables back end and loaded in a namespace: --hashlimit-above 1/min with a burst of 2
/// per source drops a source's 3rd new connection, while another source, in its own bucket, still connects.
/// nft has no form yet (RL3101).
/// </summary>
[TestFixture]
public sealed class HashLimitTrafficTests : KernelTestBase
{
    private const string Server = "10.9.2.100";
    private const string OtherClient = "10.9.2.2";
    private const int Port = 8080;

    [Test]
    public void A_source_over_its_burst_is_dropped_and_another_source_has_its_own_bucket()
    {
        NetNamespace ns = CreateNamespace("hashlimit");
        var policy = Policy("hashlimit", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(Drop, Proto(Protocol.Tcp), Dport(Port), State(ConntrackStates.New),
                new HashLimitMatch("conn", 1, RateUnit.Minute, Above: true, Burst: 2, Keys: HashLimitKeys.SourceAddress)))));
        string ruleset = LoopbackIptables.Load(ns, policy, Server, OtherClient);
        using var server = Traffic.StartTcpServer(ns, Server, Port, "hello");

        var outcomes = Traffic.ConnectMany(ns, Server, Port, 4);
        bool other = LoopbackIptables.ConnectsFrom(ns, OtherClient, Server, Port, "hello", out var result);

        Assert.That(outcomes.Select(o => o.IsConnected), Is.EqualTo(new[] { true, true, false, false }), () => string.Join("\n", outcomes) + "\n" + ruleset);
        Assert.That(other, Is.True, $"another source has its own bucket: {result}");
    }
}
