using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Trace;
using RuleLang.Backends.Nftables;
using RuleLang.Checker;
using RuleLang.Importers.Iptables;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.SourceWriters;
using RuleLang.Tests.Import;
using RuleLang.Testing;
using RuleLang.Text;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Matches;

/// <summary>
/// -m recent's --update, --remove, --hitcount, --rttl and --rdest (the SSH brute-force guards of real dumps) through
/// the importer, the checker, the nft back end's refusal, the .rl grammar, the source writers and the trace.
/// </summary>
public class RecentUpdateTests
{
    private static readonly SourceLocation Line7 = new("rules.v4", 7, 1);

    private static readonly string DumpPath = DumpRoundTrip.PathOf("recent.rules");

    [Test]
    public void The_dump_of_recent_guards_imports_every_line_and_prints_back_as_iptables_save_did() => DumpRoundTrip.ImportsEveryLineAndPrintsBack(DumpPath);

    [TestCase("-A INPUT -m recent --update --seconds 60 --hitcount 4 --name SSH --mask 255.255.255.255 --rsource -j DROP",
        RecentCommand.Update, 60, false, 4, false, AddressSide.Source)]
    [TestCase("-A INPUT -m recent --remove --name X --rdest -j ACCEPT", RecentCommand.Remove, null, false, null, false, AddressSide.Destination)]
    [TestCase("-A INPUT -m recent --rcheck --seconds 5 --reap --hitcount 3 --rttl --name Y -j ACCEPT", RecentCommand.Rcheck, 5, true, 3, true, AddressSide.Source)]
    // libxt_recent: the last of --rsource and --rdest wins; --hitcount 0 is no hit count, and iptables-save prints none.
    [TestCase("-A INPUT -m recent --rcheck --rdest --rsource --hitcount 0 --name Z -j ACCEPT", RecentCommand.Rcheck, null, false, null, false, AddressSide.Source)]
    [TestCase("-A INPUT -m recent --rcheck --rsource --rdest --name Z -j ACCEPT", RecentCommand.Rcheck, null, false, null, false, AddressSide.Destination)]
    public void The_importer_reads_every_recent_command_and_qualifier(string line, RecentCommand command, int? seconds, bool reap, int? hitCount, bool ttl, AddressSide side)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Filter, Line7, IpFamily.IPv4);

        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        var recent = (RecentMatch)parsed.Rule!.Matches.Single();
        Assert.That((recent.Command, recent.Seconds, recent.Reap, recent.HitCount, recent.Ttl, recent.Side),
            Is.EqualTo((command, seconds, reap, hitCount, ttl, side)));
    }

    [TestCase("-A INPUT -m recent --update --remove --name x -j DROP", "RL0203@29")]
    [TestCase("-A INPUT -m recent --rcheck --update -j DROP", "RL0203@29")]
    [TestCase("-A INPUT -m recent ! --update --name x -j DROP", "RL0201@22")]
    [TestCase("-A INPUT -m recent --update --hitcount many -j DROP", "RL0203@40")]
    [TestCase("-A INPUT -m recent --update --hitcount 4294967295 -j DROP", "RL0201@40")]
    public void A_recent_the_model_cannot_hold_is_a_diagnostic_at_its_option(string line, string expected)
    {
        Assert.That(MatchTestKit.RefusedLine(line), Is.EqualTo(new[] { expected }));
    }

    // Each refused in a namespace: the kernel's EINVAL for --seconds, --hitcount beside --remove and --hitcount
    // 65536; libxt_recent's own refusal for --rttl beside --set or --remove.
    [TestCase(RecentCommand.Remove, 60, null, false, "--seconds")]
    [TestCase(RecentCommand.Remove, null, 4, false, "--hitcount")]
    [TestCase(RecentCommand.Set, null, 4, false, "--hitcount")]
    [TestCase(RecentCommand.Set, null, null, true, "--rttl")]
    [TestCase(RecentCommand.Remove, null, null, true, "--rttl")]
    [TestCase(RecentCommand.Update, null, 65536, false, "65536")]
    [TestCase(RecentCommand.Rcheck, null, 0, false, "0")]
    public void The_checker_refuses_what_the_kernel_refuses(RecentCommand command, int? seconds, int? hitCount, bool ttl, string words)
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, new RecentMatch("SSH", command, seconds, HitCount: hitCount, Ttl: ttl)))));

        var errors = PolicyChecker.Check(policy).Where(d => d.Severity == Severity.Error).ToArray();

        Assert.That(errors.Select(d => d.Id), Is.EqualTo(new[] { "RL0111" }), () => string.Join("\n", errors.Select(d => d.ToString())));
        Assert.That(errors[0].Message, Does.Contain(words));
    }

    [TestCase(RecentCommand.Update, 60, 4, false)]
    [TestCase(RecentCommand.Rcheck, null, 65535, true)]
    [TestCase(RecentCommand.Remove, null, null, false)]
    public void The_checker_accepts_what_the_kernel_loads(RecentCommand command, int? seconds, int? hitCount, bool ttl)
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(Drop, new RecentMatch("SSH", command, seconds, HitCount: hitCount, Ttl: ttl, Side: AddressSide.Destination)))));
        Assert.That(PolicyChecker.Check(policy).Where(d => d.Severity == Severity.Error), Is.Empty);
    }

    [Test]
    public void Nft_refuses_a_hit_count_and_says_why()
    {
        var refusal = MatchTestKit.NftRefusal(Proto(Protocol.Tcp), Dport(22), new RecentMatch("SSH", RecentCommand.Update, 60, HitCount: 4));

        Assert.That(refusal.Message, Does.Contain("--hitcount 4").And.Contain("one expiry time"));
    }

    [Test]
    public void The_rl_grammar_reads_every_qualifier_in_iptables_save_order()
    {
        var rules = MatchTestKit.InputRules(MatchTestKit.ParseInput(
            "tcp dport 22 recent update name SSH seconds 60 reap hitcount 4 rttl rdest drop",
            "recent remove name SSH accept"));
        Assert.That(rules[0].Matches.OfType<RecentMatch>().Single(),
            Is.EqualTo(new RecentMatch("SSH", RecentCommand.Update, 60, true, 4, true, AddressSide.Destination)));
        Assert.That(rules[1].Matches.OfType<RecentMatch>().Single(), Is.EqualTo(new RecentMatch("SSH", RecentCommand.Remove)));
    }

    [Test]
    public void Both_source_writers_spell_the_new_qualifiers()
    {
        var imported = ImportPipeline.Import(File.ReadAllText(DumpPath), DumpPath, IpFamily.IPv4);
        string rl = RlSourceWriter.Write(imported.Policy).Text;
        string cs = CSharpSourceWriter.Write(imported.Policy, "X", "Y").Text;

        Assert.That(rl, Does.Contain("recent update name SSH seconds 60 hitcount 4 drop\n"));
        Assert.That(rl, Does.Contain("recent update name flood seconds 30 reap hitcount 10 rttl rdest drop\n"));
        Assert.That(rl, Does.Contain("recent remove name portscan count\n"));
        Assert.That(cs, Does.Contain(".Recent(\"SSH\", RecentCommand.Update, seconds: 60, hitCount: 4).Drop();"));
        Assert.That(cs, Does.Contain(".Recent(\"flood\", RecentCommand.Update, seconds: 30, reap: true, hitCount: 10, ttl: true, side: AddressSide.Destination).Drop();"));
    }

    [Test]
    public void The_trace_matches_update_on_a_listed_source_and_says_the_hit_count_is_assumed()
    {
        var policy = Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Filter, Trace.TraceModel.Builtin(Hook.Input, Verdict.Accept,
            Trace.TraceModel.Rule(VerdictTarget.Drop, new RecentMatch("SSH", RecentCommand.Update, 60, HitCount: 4)))));
        const string Packet = "tcp 192.168.1.5:40000 -> 10.0.0.2:22 iif eth0";

        var fresh = Trace.TraceModel.TraceOf(policy, Packet, new TraceOptions { LocalAddresses = new[] { "10.0.0.2" } });
        var listed = Trace.TraceModel.TraceOf(policy, Packet, new TraceOptions { LocalAddresses = new[] { "10.0.0.2" }, RecentLists = new[] { "SSH" } });

        Assert.That(Trace.TraceModel.Only(fresh).Verdict, Is.EqualTo(TraceVerdict.Accepted));
        Assert.That(Trace.TraceModel.Only(listed).Verdict, Is.EqualTo(TraceVerdict.Dropped));
        Assert.That(listed.Assumptions, Has.Some.Contains("--hitcount 4 is assumed met"));
    }

    [Test]
    public void The_trace_takes_a_removed_source_out_of_its_list()
    {
        // --remove matches a listed source and takes it out, so the --rcheck after it misses.
        var policy = Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Filter, Trace.TraceModel.Builtin(Hook.Input, Verdict.Accept,
            Trace.TraceModel.Rule(NoTarget.Instance, new RecentMatch("scan", RecentCommand.Remove)),
            Trace.TraceModel.Rule(VerdictTarget.Drop, new RecentMatch("scan", RecentCommand.Rcheck)))));

        var outcome = Trace.TraceModel.Only(Trace.TraceModel.TraceOf(policy, "tcp 192.168.1.5:40000 -> 10.0.0.2:22 iif eth0",
            new TraceOptions { LocalAddresses = new[] { "10.0.0.2" }, RecentLists = new[] { "scan" } }));

        Assert.That(outcome.Verdict, Is.EqualTo(TraceVerdict.Accepted));
    }

    [Test]
    public void The_trace_keeps_destination_lists_apart_from_source_lists()
    {
        // --recent names lists holding the packet's source; an --rdest list of the same name holds destinations.
        var policy = Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Filter, Trace.TraceModel.Builtin(Hook.Input, Verdict.Accept,
            Trace.TraceModel.Rule(VerdictTarget.Drop, new RecentMatch("seen", RecentCommand.Rcheck, Side: AddressSide.Destination)))));

        var outcome = Trace.TraceModel.Only(Trace.TraceModel.TraceOf(policy, "tcp 192.168.1.5:40000 -> 10.0.0.2:22 iif eth0",
            new TraceOptions { LocalAddresses = new[] { "10.0.0.2" }, RecentLists = new[] { "seen" } }));

        Assert.That(outcome.Verdict, Is.EqualTo(TraceVerdict.Accepted));
    }
}
