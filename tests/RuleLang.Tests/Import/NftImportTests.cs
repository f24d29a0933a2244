using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.Importers.Nftables;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using RuleLang.Testing;

namespace RuleLang.Tests.Import;

/// <summary>
/// Import of `nft list ruleset` output: the importer is the nft back end's inverse (emit → import → emit gives the
/// same text), and a line it cannot hold is reported at its line and kept as a comment, never dropped.
/// </summary>
public class NftImportTests
{
    private static string EmitNft(Policy policy)
    {
        var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });
        var ruleset = result.Rulesets.SingleOrDefault(r => r.Format == RulesetFormat.Nft);
        Assert.That(ruleset, Is.Not.Null, () => "nothing emitted:\n" + string.Join("\n", result.Diagnostics));
        return ruleset!.Text;
    }

    private static string Errors(DumpImportResult imported) => string.Join("\n", imported.Diagnostics);

    /// <summary>
    /// The corpus the nft back end writes, without the rules whose comment or log prefix holds a '"', which nft
    /// cannot hold at all (RL3101 refuses them before anything is emitted), and without the policies whose
    /// statements the nft import does not read back yet (<see cref="NotYetReadBack"/>).
    /// </summary>
    public static IEnumerable<TestCaseData> CorpusPolicies() =>
        NormalFormCorpus.NftWritablePolicies().Where(p => !NotYetReadBack.Contains(p.Name))
            .Select(WithoutDoubleQuotes).Select(p => new TestCaseData(p).SetArgDisplayNames(p.Name));

    /// <summary>
    /// The CT target's `ct helper` objects and helper chain, `ct zone set`, and `ct status`/`ct direction`: the
    /// back end writes them, the nft import reports them (RL0220) and does not read them back yet.
    /// </summary>
    private static readonly HashSet<string> NotYetReadBack = new(StringComparer.Ordinal) { "ct-helper", "ct-zone", "conntrack-status" };

    [Test]
    public void The_policies_not_yet_read_back_are_still_reported_not_dropped()
    {
        foreach (var policy in NormalFormCorpus.NftWritablePolicies().Where(p => NotYetReadBack.Contains(p.Name)))
        {
            var compiled = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });
            string nft = compiled.Rulesets.Single().Text;
            var imported = NftRulesetImporter.Import(nft, policy.Name + ".nft", policy.Name);
            // RL0220 for a statement, RL0221 for a line of a block (a ct helper object's body) it does not read.
            Assert.That(imported.Diagnostics.Where(d => d.IsError).Select(d => d.Id), Is.Not.Empty.And.All.AnyOf("RL0220", "RL0221"), policy.Name);
            Assert.That(imported.Unimported, Is.Not.Empty, policy.Name);
        }
    }

    private static Policy WithoutDoubleQuotes(Policy policy) => policy with
    {
        Tables = policy.Tables.Select(t => t with
        {
            Chains = t.Chains.Select(c => c with
            {
                Rules = c.Rules.Where(r => !r.Matches.OfType<CommentMatch>().Any(m => m.Text.Contains('"'))
                    && !(r.Target is Model.Targets.LogTarget { Prefix: { } prefix } && prefix.Contains('"'))).ToArray(),
            }).ToArray(),
        }).ToArray(),
    };

    /// <summary>Every match and target the nft back end writes, with negations and ranges, comes back as it was written.</summary>
    [TestCaseSource(nameof(CorpusPolicies))]
    public void Emit_then_import_then_emit_gives_the_same_nft_text(Policy policy)
    {
        string nft = EmitNft(policy);
        var imported = NftRulesetImporter.Import(nft, policy.Name + ".nft", policy.Name);

        Assert.That(imported.Diagnostics.Where(d => d.IsError), Is.Empty, () => Errors(imported));
        Assert.That(imported.Unimported, Is.Empty);
        Assert.That(EmitNft(imported.Policy), Is.EqualTo(nft));
    }

    /// <summary>
    /// The examples' committed nft rulesets, byte for byte. cluster-node's services are left out: they are
    /// intents, emitted as tables of named sets and maps the model does not hold (each reported, see below).
    /// </summary>
    public static IEnumerable<TestCaseData> CommittedRulesets() =>
        Directory.GetFiles(RepoPaths.Examples, "*.nft", SearchOption.AllDirectories)
            .Where(p => p.Contains($"{Path.DirectorySeparatorChar}rulesets{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => !File.ReadAllText(p).Contains("# The services in", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => new TestCaseData(p).SetArgDisplayNames(Path.GetRelativePath(RepoPaths.Examples, p)));

    [TestCaseSource(nameof(CommittedRulesets))]
    public void A_committed_example_ruleset_imports_fully_and_emits_the_same_bytes(string path)
    {
        string text = File.ReadAllText(path);
        var imported = NftRulesetImporter.Import(text, path, Path.GetFileNameWithoutExtension(path));

        Assert.That(imported.Diagnostics, Is.Empty, () => Errors(imported));
        Assert.That(imported.Unimported, Is.Empty);
        Assert.That(EmitNft(imported.Policy), Is.EqualTo(text));
    }

    [Test]
    public void A_service_layout_is_reported_line_by_line_and_nothing_is_dropped()
    {
        string path = Path.Combine(RepoPaths.Examples, "ClusterNode", "rulesets", "cluster-node.nft");
        string text = File.ReadAllText(path);
        var imported = NftRulesetImporter.Import(text, path, "cluster-node");

        Assert.That(imported.Diagnostics.Select(d => d.Id), Does.Contain("RL0220"));
        AssertNoLineDropped(text, imported);
    }

    /// <summary>A firewalld-like host: an inet table with its own chain names, a set, a jump, and rules the model cannot hold.</summary>
    private const string FirewalldLike = """
        table inet firewalld {
        	set blocked {
        		type ipv4_addr
        		flags interval
        		elements = { 192.0.2.0/24,
        			     198.51.100.7 }
        	}

        	chain filter_INPUT {
        		type filter hook input priority filter + 10; policy accept;
        		ct state established,related accept
        	}

        	chain input {
        		type filter hook input priority filter; policy drop;
        		ct state { established, related } accept
        		ct state invalid drop
        		iifname "lo" accept
        		ip saddr @blocked drop
        		jump filter_IN_public
        		meta l4proto { icmp, ipv6-icmp } accept
        		reject with icmpx admin-prohibited
        	}

        	chain filter_IN_public {
        		tcp dport 22 ct state new,untracked accept comment "ssh; from anywhere } # not a comment"
        		tcp dport { 80, 443, 8000-8080 } accept
        		udp dport 5353 ip daddr 224.0.0.251 accept
        		meta cpu 1 accept
        		log prefix "refused " drop
        		counter packets 12 bytes 3456 return
        	}
        }

        table bridge filter {
        	chain forward {
        		type filter hook forward priority filter; policy accept;
        	}
        }
        """;

    [Test]
    public void A_firewalld_like_ruleset_imports_what_the_model_holds_and_reports_every_other_line()
    {
        var imported = NftRulesetImporter.Import(FirewalldLike, "fw.nft", "fw");

        var filter = imported.Policy.FindTable(TableKind.Filter)!;
        Assert.That(filter.Chains.Select(c => c.Name), Is.EqualTo(new[] { "INPUT", "IN_public" }));
        var input = filter.FindChain("INPUT")!;
        Assert.That(input.Policy, Is.EqualTo(Verdict.Drop));
        Assert.That(input.Rules.Select(r => r.Location.Line), Is.EqualTo(new[] { 16, 17, 18, 20, 22 }));
        var inPublic = filter.FindChain("IN_public")!;
        Assert.That(inPublic.Rules[0].Matches.OfType<CommentMatch>().Single().Text, Is.EqualTo("ssh; from anywhere } # not a comment"));
        Assert.That(inPublic.Rules[1].Matches.OfType<PortMatch>().Single().Ports.Count, Is.EqualTo(3));
        Assert.That(inPublic.Rules[^1].Target, Is.EqualTo(Model.Targets.VerdictTarget.Return), "the counter is runtime state and is left out");

        Assert.That(imported.Diagnostics.Select(d => $"{d.Id} {d.Location.Line}"), Is.EquivalentTo(new[]
        {
            "RL0220 2", // the named set
            "RL0221 10", // priority filter + 10 is no iptables table's
            "RL0220 19", // @blocked
            "RL0220 21", // a protocol set
            "RL0220 29", // meta cpu
            "RL0220 30", // two actions
            "RL0220 35", // a bridge table
        }));
        AssertNoLineDropped(FirewalldLike, imported);

        string rl = SourceWriters.RlSourceWriter.Write(imported.Policy, new SourceWriters.SourceWriterOptions
        {
            Unwritten = imported.Unimported.Select(u => new SourceWriters.UnwrittenLine(u.Location, u.Table, u.Chain, u.Text)).ToArray(),
        }).Text;
        Assert.That(rl, Does.Contain("# not imported (fw.nft:29): meta cpu 1 accept"));
        Assert.That(rl, Does.Contain("comment \"ssh; from anywhere } # not a comment\""));
    }

    /// <summary>Every line that is not a block's opening or closing or a base chain's hook line is an imported rule or a listed line.</summary>
    private static void AssertNoLineDropped(string text, DumpImportResult imported)
    {
        var kept = imported.Policy.Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules).Select(r => r.Location.Line)
            .Concat(imported.Unimported.Select(u => u.Location.Line)).ToHashSet();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            bool structure = line.Length == 0 || line[0] == '#' || line == "}" || line.StartsWith("type ", StringComparison.Ordinal)
                || line.StartsWith("table ", StringComparison.Ordinal) || line.StartsWith("delete table ", StringComparison.Ordinal)
                || (line.StartsWith("chain ", StringComparison.Ordinal) && line.EndsWith('{'));
            Assert.That(structure || kept.Contains(i + 1), Is.True, $"line {i + 1} was dropped: {line}");
        }
    }

    [Test]
    public void A_split_pair_of_one_rule_merges_back_and_a_lone_family_limit_is_reported()
    {
        const string text = "table inet t {\n\tchain filter_INPUT {\n\t\ttype filter hook input priority filter; policy accept;\n"
            + "\t\tmeta nfproto ipv4 limit rate 5/second accept\n\t\tmeta nfproto ipv6 limit rate 5/second accept\n"
            + "\t\tmeta nfproto ipv4 tcp dport 22 accept\n\t}\n}\n";
        var imported = NftRulesetImporter.Import(text, "t.nft", "t");

        var rules = imported.Policy.FindTable(TableKind.Filter)!.FindChain("INPUT")!.Rules;
        Assert.That(rules, Has.Count.EqualTo(1));
        Assert.That(rules[0].Matches.Single(), Is.EqualTo(new LimitMatch(5, Model.Values.RateUnit.Second)));
        Assert.That(imported.Diagnostics.Select(d => $"{d.Id} {d.Location.Line}"), Is.EqualTo(new[] { "RL0220 6" }));
    }

    [Test]
    public void A_table_of_one_family_warns_that_its_rules_widen_to_both()
    {
        const string text = "table ip filter {\n\tchain INPUT {\n\t\ttype filter hook input priority filter; policy drop;\n\t\ttcp dport 22 accept\n\t}\n}\n";
        var imported = NftRulesetImporter.Import(text, "v4.nft", "v4");

        Assert.That(imported.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "v4.nft(1,1): warning RL0222: table ip filter holds IPv4 traffic only, but rules that name no address apply to IPv6 as well once the policy is emitted, and its drop policies make RuleLang emit an ip6tables ruleset too; keep them to IPv4 by naming addresses, or import an inet table",
        }));
        Assert.That(imported.Policy.FindTable(TableKind.Filter)!.FindChain("INPUT")!.Rules, Has.Count.EqualTo(1));
    }

    [TestCase("table inet t {\n\tchain \"x\ny\" {\n", "RL0221 2")]
    [TestCase("table inet t {\n\tchain \"in put\" {\n\t\ttype filter hook input priority filter; policy drop;\n\t\taccept\n\t}\n}\n", "RL0221 2")]
    [TestCase("table inet t {\n\tchain c {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tcomment \"a\" ; accept\n\t}\n}\n", "RL0220 4")]
    [TestCase("table inet t {\n\tchain c {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tjump \"other\"\n\t}\n}\n", "RL0220 4")]
    [TestCase("table inet t {\n\tchain c {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tiifname \"eth0\\\" accept\n\t}\n}\n", "RL0220 4")]
    [TestCase("-A INPUT -j ACCEPT\ntable inet t {\n}\n", "RL0221 1")]
    public void Hostile_names_and_strings_are_refused_at_their_line_never_passed_through(string text, string expected)
    {
        var imported = NftRulesetImporter.Import(text, "h.nft", "h");

        Assert.That(imported.Diagnostics.Select(d => $"{d.Id} {d.Location.Line}"), Does.Contain(expected), () => Errors(imported));
        Assert.That(imported.Policy.Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules), Is.Empty);
        Assert.That(imported.Unimported, Is.Not.Empty);
    }

    [Test]
    public void A_table_that_is_not_ours_imports_under_the_policy_name_given()
    {
        const string text = "table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tiifname \"lo\" accept\n\t}\n\n\tchain mine {\n\t\taccept\n\t}\n}\n";
        var imported = NftRulesetImporter.Import(text, "f.nft", "web");

        Assert.That(imported.Diagnostics, Is.Empty, () => Errors(imported));
        string nft = EmitNft(imported.Policy);
        Assert.That(nft, Does.Contain("table inet web {\n\tchain filter_INPUT {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tiifname \"lo\" accept\n\t}\n\n\tchain filter_mine {\n\t\taccept\n\t}\n}"));
    }
}
