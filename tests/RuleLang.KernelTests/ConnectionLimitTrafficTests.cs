using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests;

/// <summary>
/// -m connlimit emitted by the iptables back end and loaded in a namespace: with --connlimit-above 2 per source on
/// new connections, two open connections hold, a third from the same source is reset, and one from another source
/// still opens. The server keeps each connection open (sleep), since a closed connection no longer counts.
/// </summary>
[TestFixture]
public sealed class ConnectionLimitTrafficTests : KernelTestBase
{
    private const string Server = "10.9.3.100";
    private const string OtherClient = "10.9.3.2";
    private const int Port = 8080;

    [Test]
    public void A_third_open_connection_from_one_source_is_reset_and_another_source_still_connects()
    {
        NetNamespace ns = CreateNamespace("connlimit");
        var policy = Policy("connlimit", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(new RejectTarget(RejectWith.TcpReset), Proto(Protocol.Tcp), Dport(Port), TcpFlagsMatch.Syn(), new ConnectionLimitMatch(2, true)))));
        string ruleset = LoopbackIptables.Load(ns, policy, Server, OtherClient);
        using var server = ns.Start($"exec socat TCP4-LISTEN:{Port},bind={Server},reuseaddr,fork SYSTEM:'sleep 8'");

        // A connection still open when timeout(1) ends it exits 124; a reset one exits at once with 1.
        string connect = $"timeout 3 socat -u TCP:{Server}:{Port},connect-timeout=1 STDOUT >/dev/null";
        var result = ns.Exec(
            $"for i in $(seq 50); do ss -ltn | grep -q ':{Port} ' && break; sleep 0.1; done; "
            + $"{connect} & {connect} & sleep 1; "
            + $"{connect}; echo third=$?; "
            + $"timeout 2 socat -u TCP:{Server}:{Port},bind={OtherClient},connect-timeout=1 STDOUT >/dev/null; echo other=$?; wait",
            System.TimeSpan.FromSeconds(15));

        Assert.That(result.StdOut, Does.Contain("third=1"), () => result + "\n" + ruleset);
        Assert.That(result.StdOut, Does.Contain("other=124"), () => result + "\n" + ruleset);
    }
}
