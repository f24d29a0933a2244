using System;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;
using IpFamily = RuleLang.KernelTests.Harness.IpFamily;

namespace RuleLang.KernelTests;

/// <summary>
/// The CT target's facts, proven in a namespace: the helper names and protocols RuleLang knows
/// (<see cref="ConntrackHelpers"/>) load and no others do, CT loads only in raw, and a connection started
/// through a CT rule carries its helper and zone (conntrack -L shows both), with either back end. The helpers
/// are built into this kernel; on a host with them as modules, loading a rule loads the module (harmless to the
/// host's ruleset).
/// </summary>
[TestFixture]
public sealed class ConntrackHelperKernelTests : KernelTestBase
{
    private static ExecResult LoadRaw(NetNamespace ns, string rule, IpFamily family = IpFamily.V4) =>
        ns.RestoreIptables("*raw\n" + rule + "\nCOMMIT\n", family);

    [Test]
    public void Each_known_helper_loads_under_its_protocols_and_families_and_no_other()
    {
        NetNamespace ns = CreateNamespace("cthelper");
        foreach (var helper in ConntrackHelpers.All)
        {
            foreach (var protocol in new[] { Protocol.Tcp, Protocol.Udp })
            {
                bool expected = helper.Protocols.Contains(protocol);
                string rule = $"-A PREROUTING -p {protocol.ToString().ToLowerInvariant()} -j CT --helper {helper.Name}";
                Assert.That(LoadRaw(ns, rule).ExitCode == 0, Is.EqualTo(expected), $"iptables {rule}");
                Assert.That(LoadRaw(ns, rule, IpFamily.V6).ExitCode == 0, Is.EqualTo(expected && !helper.Ipv4Only), $"ip6tables {rule}");
            }
        }
        Assert.That(LoadRaw(ns, "-A PREROUTING -p tcp -j CT --helper FTP").ExitCode, Is.Not.EqualTo(0), "names are case-sensitive");
        Assert.That(LoadRaw(ns, "-A PREROUTING -p tcp -j CT --helper h323").ExitCode, Is.Not.EqualTo(0), "H.323's helpers are RAS and Q.931");
        Assert.That(LoadRaw(ns, "-A PREROUTING -j CT --helper ftp").ExitCode, Is.Not.EqualTo(0), "a helper needs its protocol");
        Assert.That(ns.RestoreIptables("*filter\n-A INPUT -j CT --zone 3\nCOMMIT\n").ExitCode, Is.Not.EqualTo(0), "CT only in raw: filter");
        Assert.That(ns.RestoreIptables("*mangle\n-A PREROUTING -j CT --zone 3\nCOMMIT\n").ExitCode, Is.Not.EqualTo(0), "CT only in raw: mangle");
        Assert.That(LoadRaw(ns, "-A OUTPUT -j CT --zone 65536").ExitCode, Is.Not.EqualTo(0), "a zone has 16 bits");
    }

    [TestCase(RulesetFormat.Iptables, true)]
    [TestCase(RulesetFormat.Nft, true)]
    [TestCase(RulesetFormat.Iptables, false)]
    [TestCase(RulesetFormat.Nft, false)]
    public void A_connection_through_a_CT_rule_carries_its_helper_or_zone(RulesetFormat format, bool helper)
    {
        if (KernelRequirement.FindTool("conntrack") is null)
        {
            Assert.Ignore("conntrack (conntrack-tools) is not installed: it is what shows a connection's helper");
        }
        NetNamespace ns = CreateNamespace("ctzone");
        ns.IpCommand("link", "set", "lo", "up").EnsureSuccess("lo up");
        // OUTPUT on lo: the client's first packet gets the template before conntrack makes its connection.
        var policy = Policy("ct-traffic", Table(TableKind.Raw, Builtin(Hook.Output, helper
            ? Rule(new CtTarget("ftp"), Proto(Protocol.Tcp), Dport(2121))
            : Rule(new CtTarget(Zone: 5), Proto(Protocol.Tcp), Dport(2122)))));
        var compiled = PolicyCompiler.Compile(policy, new[] { format });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        var ruleset = compiled.Rulesets.First(r => format == RulesetFormat.Nft || r.Format == RulesetFormat.Iptables);
        (format == RulesetFormat.Nft ? ns.LoadNft(ruleset.Text) : ns.RestoreIptables(ruleset.Text)).EnsureSuccess("loading " + ruleset.FileName);

        foreach (int port in new[] { 2121, 2122 })
        {
            using var server = Traffic.StartTcpServer(ns, "127.0.0.1", port, "hello");
            var result = ns.Exec($"timeout 2 socat -u TCP:127.0.0.1:{port},connect-timeout=1 -", TimeSpan.FromSeconds(5));
            Assert.That(result.StdOut.Trim(), Is.EqualTo("hello"), $"port {port}: {result}");
        }
        string table = ns.Exec("conntrack -L 2>/dev/null").StdOut;
        var lines = table.Split('\n');
        string Line(int port) => lines.FirstOrDefault(l => l.Contains($"dport={port} ")) ?? "";
        if (helper)
        {
            Assert.That(Line(2121), Does.Contain("helper=ftp"), $"{format}: the connection to 2121 follows ftp\n{table}\n{ruleset.Text}");
            Assert.That(Line(2122), Does.Not.Contain("helper="), $"{format}: 2122 has no helper\n{table}");
        }
        else
        {
            Assert.That(lines.Any(l => l.Contains("dport=2122 ") && l.Contains("zone=5")), Is.True, $"{format}: the connection to 2122 is in zone 5\n{table}\n{ruleset.Text}");
            Assert.That(lines.Where(l => l.Contains("dport=2121 ")).Any(l => l.Contains("zone=")), Is.False, $"{format}: 2121 stays in zone 0\n{table}");
        }
    }

    /// <summary>
    /// --ctexpire in its normal form (iptables-save prints MIN:MAX, and MIN alone when they are equal), and
    /// deciding traffic: a fresh TCP connection has far more than 60 seconds left (120 s in SYN_SENT, days once
    /// established), so INPUT's "--ctexpire 0:60 DROP" lets it through and "! --ctexpire 0:60 DROP" drops it, with
    /// either back end (nft in milliseconds: 0ms-60999ms).
    /// </summary>
    [TestCase(RulesetFormat.Iptables, false)]
    [TestCase(RulesetFormat.Iptables, true)]
    [TestCase(RulesetFormat.Nft, false)]
    [TestCase(RulesetFormat.Nft, true)]
    public void Ctexpire_decides_by_the_seconds_a_connection_has_left(RulesetFormat format, bool negated)
    {
        NetNamespace ns = CreateNamespace("ctexpire");
        ns.IpCommand("link", "set", "lo", "up").EnsureSuccess("lo up");
        var policy = Policy("ctexpire", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(Drop, Proto(Protocol.Tcp), Dport(2123), new Model.Matches.ConntrackExpireMatch(0, 60, negated)),
            Rule(Accept, new Model.Matches.ConntrackExpireMatch(3, 3)),
            Rule(Accept, new Model.Matches.ConntrackExpireMatch(61, uint.MaxValue, Negated: true)))));
        var compiled = PolicyCompiler.Compile(policy, new[] { format });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        var ruleset = compiled.Rulesets.First(r => format == RulesetFormat.Nft || r.Format == RulesetFormat.Iptables);
        if (format == RulesetFormat.Iptables)
        {
            string saved = KernelRulesets.ApplyAndSave(ns, ruleset.Text, IpFamily.V4, ruleset.FileName);
            KernelRulesets.AssertRoundTrip(ruleset.Text, saved, ruleset.FileName);
        }
        else
        {
            ns.LoadNft(ruleset.Text).EnsureSuccess("loading " + ruleset.FileName);
        }

        using var server = Traffic.StartTcpServer(ns, "127.0.0.1", 2123, "hello");
        var result = ns.Exec("timeout 2 socat -u TCP:127.0.0.1:2123,connect-timeout=1 -", TimeSpan.FromSeconds(5));
        Assert.That(result.ExitCode == 0 && result.StdOut.Trim() == "hello", Is.EqualTo(!negated), $"{format} {(negated ? "! " : "")}--ctexpire 0:60: {result}\n{ruleset.Text}");
    }
}
