using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Testing;

namespace RuleLang.Tests;

/// <summary>
/// Each example's committed rulesets are exactly what the compiler emits now. In CI the example builds do not
/// write, so a policy change without its reviewed ruleset change fails here with a diff.
/// </summary>
public class ExampleGoldenTests
{
    public static readonly RulesetFormat[] AllFormats = { RulesetFormat.Iptables, RulesetFormat.Ip6tables, RulesetFormat.Nft };

    public static IEnumerable<ExampleCatalog.Example> Examples => ExampleCatalog.All();

    [TestCaseSource(nameof(Examples))]
    public void Committed_rulesets_match_the_compiled_policy(ExampleCatalog.Example example)
    {
        // All three formats, as the examples' build writes them (examples/Directory.Build.targets).
        var result = PolicyCompiler.Compile(example.Definition.Build(), AllFormats);
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        foreach (var ruleset in result.Rulesets)
        {
            Golden.Verify(ruleset.Text, Path.Combine(example.RulesetsPath, ruleset.FileName));
        }
        var committed = Directory.Exists(example.RulesetsPath)
            ? Directory.GetFiles(example.RulesetsPath).Select(Path.GetFileName).Where(n => !n!.Contains(".received")).ToArray()
            : new string[0];
        Assert.That(committed, Is.EquivalentTo(result.Rulesets.Select(r => r.FileName)), "a committed ruleset the policy no longer produces");
    }
}
