using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using RuleLang.Testing;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests;

/// <summary>
/// -m owner, proved in the kernel: where it loads (the checker's RL2130 must agree, built-in chain by built-in chain,
/// and for a user chain INPUT reaches), that its nft form loads, and that it decides a connection in both back
/// ends: OUTPUT drops what uid 65534 sends to the server, so a client run as that user (setpriv) cannot connect
/// while root's client can.
/// </summary>
[TestFixture]
public sealed class OwnerKernelTests : KernelTestBase
{
    private const string Server = "10.9.2.1";
    private const int Port = 8080;

    [Test]
    public void The_checker_places_owner_where_the_kernel_loads_it()
    {
        NetNamespace ns = CreateNamespace("ownerplace");
        MatchPlacement.AssertCheckerAgreesWithKernel(ns, "owner", "--uid-owner 0", new OwnerMatch(Uid: 0));

        var fromInput = ns.RestoreIptables("*filter\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:APPS - [0:0]\n-A INPUT -j APPS\n-A OUTPUT -j APPS\n-A APPS -m owner --uid-owner 0 -j ACCEPT\nCOMMIT\n");
        Assert.That(fromInput.ExitCode, Is.Not.EqualTo(0), "the kernel refuses a user chain with -m owner that INPUT reaches: " + fromInput);
    }

    [Test]
    public void The_nft_form_loads_and_lists_as_meta_skuid_and_skgid()
    {
        var policy = NormalFormCorpus.Policies().Single(p => p.Name == "owner");
        var compiled = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        NetNamespace ns = CreateNamespace("ownernft");

        ns.LoadNft(compiled.Rulesets.Single().Text).EnsureSuccess("loading the nft form");

        string listed = ns.ListNft();
        Assert.That(listed, Does.Contain("meta skuid 65534 drop").And.Contain("meta skuid 1000-4294967294 meta skgid 1000-1999").And.Contain("meta skgid 100"));
    }

    [TestCase(RulesetFormat.Iptables)]
    [TestCase(RulesetFormat.Nft)]
    public void A_process_of_another_uid_is_blocked_while_roots_connects(RulesetFormat format)
    {
        NetNamespace ns = CreateNamespace("owner");
        ns.IpCommand("link", "set", "lo", "up").EnsureSuccess("lo up");
        ns.AddAddress("lo", Server + "/32");
        var policy = Policy("owner", Table(TableKind.Filter, Builtin(Hook.Output,
            Rule(Drop, Proto(Protocol.Tcp), Dport(Port), new OwnerMatch(Uid: OwnerIds.Between(1000, 65534))))));
        var compiled = PolicyCompiler.Compile(policy, new[] { format });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        var ruleset = compiled.Rulesets.Single(r => format == RulesetFormat.Nft || r.FileName.EndsWith(".iptables", System.StringComparison.Ordinal));
        (format == RulesetFormat.Nft ? ns.LoadNft(ruleset.Text) : ns.RestoreIptables(ruleset.Text)).EnsureSuccess("loading " + ruleset.FileName);
        using var server = Traffic.StartTcpServer(ns, Server, Port, "hello");

        foreach (var (prefix, blocked) in new[] { ("", false), ("setpriv --reuid 65534 --regid 65534 --clear-groups ", true) })
        {
            var result = ns.Exec($"{prefix}timeout 2 socat -u TCP:{Server}:{Port},connect-timeout=1 -", System.TimeSpan.FromSeconds(5));
            bool connected = result.ExitCode == 0 && result.StdOut.Trim() == "hello";
            Assert.That(connected, Is.EqualTo(!blocked), $"{format}, client '{prefix}': {result}\n{ruleset.Text}");
        }
    }
}
