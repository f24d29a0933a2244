using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests;

/// <summary>
/// -m iprange decides a connection in the kernel the same way in both back ends: with INPUT dropping sources in
/// 10.9.0.1-10.9.0.9 (the first and last included), a client bound to an address inside the range is dropped and
/// one just outside connects. Clients and server share one namespace; their packets still pass INPUT on lo.
/// </summary>
[TestFixture]
public sealed class AddressRangeTrafficTests : KernelTestBase
{
    private const string Server = "10.9.0.100";
    private const int Port = 8080;

    [TestCase(RulesetFormat.Iptables, false)]
    [TestCase(RulesetFormat.Nft, false)]
    [TestCase(RulesetFormat.Iptables, true)]
    [TestCase(RulesetFormat.Nft, true)]
    public void A_client_inside_the_range_is_dropped_and_one_outside_connects(RulesetFormat format, bool negated)
    {
        NetNamespace ns = CreateNamespace("iprange");
        ns.IpCommand("link", "set", "lo", "up").EnsureSuccess("lo up");
        foreach (string address in new[] { "10.9.0.1", "10.9.0.9", "10.9.0.10", Server })
        {
            ns.AddAddress("lo", address + "/32");
        }
        var policy = Policy("iprange", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(Drop, Proto(Protocol.Tcp), Dport(Port), new AddressRangeMatch(AddressSide.Source, "10.9.0.1", "10.9.0.9", negated)))));
        var compiled = PolicyCompiler.Compile(policy, new[] { format });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        var ruleset = compiled.Rulesets.Single(r => format == RulesetFormat.Nft || r.FileName.EndsWith(".iptables", System.StringComparison.Ordinal));
        (format == RulesetFormat.Nft ? ns.LoadNft(ruleset.Text) : ns.RestoreIptables(ruleset.Text)).EnsureSuccess("loading " + ruleset.FileName);
        using var server = Traffic.StartTcpServer(ns, Server, Port, "hello");

        foreach (var (client, inside) in new[] { ("10.9.0.1", true), ("10.9.0.9", true), ("10.9.0.10", false) })
        {
            var result = ns.Exec($"timeout 2 socat -u TCP:{Server}:{Port},bind={client},connect-timeout=1 -", System.TimeSpan.FromSeconds(5));
            bool connected = result.ExitCode == 0 && result.StdOut.Trim() == "hello";
            Assert.That(connected, Is.EqualTo(inside == negated), $"{format} {(negated ? "! " : "")}--src-range 10.9.0.1-10.9.0.9, client {client}: {result}\n{ruleset.Text}");
        }
    }
}
