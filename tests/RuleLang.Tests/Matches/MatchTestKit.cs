using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Importers.Iptables;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Text;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Matches;

/// <summary>What the tests of one match extension ask of every layer, said once.</summary>
internal static class MatchTestKit
{
    private static readonly SourceLocation Line7 = new("rules.v4", 7, 1);

    /// <summary>An iptables rule line the importer refuses: its diagnostics as "ID@column".</summary>
    public static IEnumerable<string> RefusedLine(string line)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Filter, Line7, IpFamily.IPv4);
        Assert.That(parsed.Rule, Is.Null);
        return parsed.Diagnostics.Select(d => $"{d.Id}@{d.Location.Column}");
    }

    /// <summary>The nft back end's one refusal of a rule with these matches.</summary>
    public static PolicyDiagnostic NftRefusal(params Match[] matches)
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, matches))));
        var found = NftCompatibility.Check(PolicyLowering.Lower(policy));
        Assert.That(found.Select(d => d.Id), Is.EqualTo(new[] { "RL3101" }));
        return found[0];
    }

    /// <summary>A .rl policy whose INPUT chain holds <paramref name="lines"/>, parsed without a diagnostic.</summary>
    public static Policy ParseInput(params string[] lines)
    {
        string source = "policy p\ntable filter {\n    chain INPUT {\n" + string.Concat(lines.Select(l => "        " + l + "\n")) + "    }\n}\n";
        var parsed = RlParser.Parse(source, "p.rl");
        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        return parsed.Policy!;
    }

    public static IReadOnlyList<Rule> InputRules(Policy policy) => policy.Tables.Single().Chains.Single(c => c.Name == "INPUT").Rules;
}
