using System.Linq;
using NUnit.Framework;
using RuleLang.Checker;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.SourceWriters;
using RuleLang.Text;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Targets;

/// <summary>Every REJECT --reject-with reply of iptables and ip6tables, through the importer, checker, back ends and .rl.</summary>
public class RejectTypeTests
{
    private static readonly SourceLocation Line7 = new("rules", 7, 1);

    // iptables-save's spelling (libipt_REJECT.t, libip6t_REJECT.t), and the short aliases iptables also reads.
    [TestCase("icmp-net-unreachable", IpFamily.IPv4, RejectWith.NetUnreachable)]
    [TestCase("icmp-host-unreachable", IpFamily.IPv4, RejectWith.HostUnreachable)]
    [TestCase("icmp-port-unreachable", IpFamily.IPv4, RejectWith.PortUnreachable)]
    [TestCase("icmp-proto-unreachable", IpFamily.IPv4, RejectWith.ProtoUnreachable)]
    [TestCase("proto-unreach", IpFamily.IPv4, RejectWith.ProtoUnreachable)]
    [TestCase("icmp-net-prohibited", IpFamily.IPv4, RejectWith.NetProhibited)]
    [TestCase("net-prohib", IpFamily.IPv4, RejectWith.NetProhibited)]
    [TestCase("icmp-host-prohibited", IpFamily.IPv4, RejectWith.HostProhibited)]
    [TestCase("host-prohib", IpFamily.IPv4, RejectWith.HostProhibited)]
    [TestCase("icmp-admin-prohibited", IpFamily.IPv4, RejectWith.AdminProhibited)]
    [TestCase("icmp6-no-route", IpFamily.IPv6, RejectWith.NetUnreachable)]
    [TestCase("icmp6-adm-prohibited", IpFamily.IPv6, RejectWith.AdminProhibited)]
    [TestCase("icmp6-addr-unreachable", IpFamily.IPv6, RejectWith.HostUnreachable)]
    [TestCase("icmp6-port-unreachable", IpFamily.IPv6, RejectWith.PortUnreachable)]
    [TestCase("icmp6-policy-fail", IpFamily.IPv6, RejectWith.PolicyFail)]
    [TestCase("policy-fail", IpFamily.IPv6, RejectWith.PolicyFail)]
    [TestCase("icmp6-reject-route", IpFamily.IPv6, RejectWith.RejectRoute)]
    [TestCase("reject-route", IpFamily.IPv6, RejectWith.RejectRoute)]
    public void The_importer_reads_every_reply(string name, IpFamily family, RejectWith expected)
    {
        var parsed = IptablesRuleParser.ParseRule("-A INPUT -j REJECT --reject-with " + name, TableKind.Filter, Line7, family);

        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        Assert.That(parsed.Rule!.Target, Is.EqualTo(new RejectTarget(expected)).Using<Target>((a, b) => ((RejectTarget)a).With == ((RejectTarget)b).With));
    }

    // ip6tables has no icmp-host-prohibited, and iptables no icmp6-policy-fail: each is unknown in the other family.
    [TestCase("icmp-host-prohibited", IpFamily.IPv6)]
    [TestCase("icmp6-policy-fail", IpFamily.IPv4)]
    [TestCase("icmp-bogus", IpFamily.IPv4)]
    public void The_importer_refuses_a_reply_the_family_does_not_know(string name, IpFamily family)
    {
        var parsed = IptablesRuleParser.ParseRule("-A INPUT -j REJECT --reject-with " + name, TableKind.Filter, Line7, family);

        Assert.That(parsed.Rule, Is.Null);
        Assert.That(parsed.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "RL0203" }));
    }

    [TestCase(RejectWith.HostProhibited, "2001:db8::/32")]
    [TestCase(RejectWith.ProtoUnreachable, "2001:db8::/32")]
    [TestCase(RejectWith.PolicyFail, "10.0.0.0/8")]
    public void The_checker_refuses_a_reply_of_one_family_on_an_address_of_the_other(RejectWith with, string source)
    {
        var diagnostics = PolicyChecker.Check(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(new RejectTarget(with), Src(source))))));

        Assert.That(diagnostics.Select(d => d.Id), Does.Contain("RL0109"), () => string.Join("\n", diagnostics));
        Assert.That(diagnostics.First(d => d.Id == "RL0109").Message, Does.Contain("REJECT with " + with));
    }

    [Test]
    public void A_reply_of_one_family_reaches_only_that_familys_ruleset_and_nft_names_its_icmp()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Drop,
            Rule(new RejectTarget(RejectWith.HostProhibited), Proto(Protocol.Udp), Dport(53)),
            Rule(new RejectTarget(RejectWith.ProtoUnreachable), Proto(Protocol.Sctp)),
            Rule(new RejectTarget(RejectWith.NetProhibited)),
            Rule(new RejectTarget(RejectWith.PolicyFail), Proto(Protocol.Udp), Dport(54)),
            Rule(new RejectTarget(RejectWith.RejectRoute)))));
        var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables, RulesetFormat.Ip6tables, RulesetFormat.Nft });
        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        string v4 = result.Rulesets.Single(r => r.Format == RulesetFormat.Iptables).Text;
        string v6 = result.Rulesets.Single(r => r.Format == RulesetFormat.Ip6tables).Text;
        string nft = result.Rulesets.Single(r => r.Format == RulesetFormat.Nft).Text;

        Assert.Multiple(() =>
        {
            Assert.That(v4, Does.Contain("-A INPUT -p udp -m udp --dport 53 -j REJECT --reject-with icmp-host-prohibited\n"));
            Assert.That(v4, Does.Contain("-A INPUT -p sctp -j REJECT --reject-with icmp-proto-unreachable\n"));
            Assert.That(v4, Does.Contain("-A INPUT -j REJECT --reject-with icmp-net-prohibited\n"));
            Assert.That(v4, Does.Not.Contain("icmp6-"));
            Assert.That(v6, Does.Contain("-A INPUT -p udp -m udp --dport 54 -j REJECT --reject-with icmp6-policy-fail\n"));
            Assert.That(v6, Does.Contain("-A INPUT -j REJECT --reject-with icmp6-reject-route\n"));
            Assert.That(v6, Does.Not.Contain("prohibited").And.Not.Contain("proto-unreachable"));
            // nft adds the family's dependency itself (meta nfproto ipv4) and lists the rule without it.
            Assert.That(nft, Does.Contain("\tudp dport 53 reject with icmp host-prohibited\n"));
            Assert.That(nft, Does.Contain("reject with icmp prot-unreachable\n"));
            Assert.That(nft, Does.Contain("\treject with icmp net-prohibited\n"));
            Assert.That(nft, Does.Contain("reject with icmpv6 policy-fail\n"));
            Assert.That(nft, Does.Contain("\treject with icmpv6 reject-route\n"));
        });
    }

    [Test]
    public void Rl_reads_and_writes_every_reply_kind()
    {
        var kinds = new[] { "port-unreachable", "host-unreachable", "net-unreachable", "admin-prohibited", "proto-unreachable", "net-prohibited", "host-prohibited", "policy-fail", "reject-route" };
        string text = "policy p\ntable filter {\n    chain INPUT {\n"
            + string.Concat(kinds.Select((k, i) => $"        udp dport {i + 1} reject with {k}\n"))
            + "    }\n}\n";
        var parsed = RlParser.Parse(text, "main.rl");
        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        var withs = parsed.Policy!.Tables.Single().FindChain("INPUT")!.Rules.Select(r => ((RejectTarget)r.Target).With).ToArray();
        Assert.That(withs.Skip(4), Is.EqualTo(new[] { RejectWith.ProtoUnreachable, RejectWith.NetProhibited, RejectWith.HostProhibited, RejectWith.PolicyFail, RejectWith.RejectRoute }));

        var written = RlSourceWriter.Write(parsed.Policy!, new SourceWriterOptions()).Text;
        foreach (string kind in kinds.Skip(1))
        {
            Assert.That(written, Does.Contain("reject with " + kind + "\n"));
        }
        string csharp = CSharpSourceWriter.Write(parsed.Policy!, "Policies", "P", new SourceWriterOptions()).Text;
        Assert.That(csharp, Does.Contain("Reject(RejectWith.HostProhibited)").And.Contain("Reject(RejectWith.RejectRoute)"));
    }
}
