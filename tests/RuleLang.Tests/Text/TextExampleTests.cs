using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Testing;
using RuleLang.Text;

namespace RuleLang.Tests.Text;

/// <summary>
/// The three example policies written in .rl compile to the very bytes committed for their C# versions: both
/// front ends build the same model.
/// </summary>
public class TextExampleTests
{
    private static readonly RulesetFormat[] AllFormats = { RulesetFormat.Iptables, RulesetFormat.Ip6tables, RulesetFormat.Nft };

    public static IEnumerable<TestCaseData> Examples()
    {
        yield return new TestCaseData("web-server.rl", "WebServer").SetName("web-server.rl");
        yield return new TestCaseData("gateway.rl", "Gateway").SetName("gateway.rl");
        yield return new TestCaseData("cluster-node.rl", "ClusterNode").SetName("cluster-node.rl");
    }

    [TestCaseSource(nameof(Examples))]
    public void Compiles_to_the_committed_rulesets_of_the_csharp_example(string file, string folder)
    {
        string path = Path.Combine(RepoPaths.Examples, "TextPolicies", "policies", file);
        var parsed = RlParser.Parse(File.ReadAllText(path), path, new FileSystemSources());
        Assert.That(parsed.Diagnostics, Is.Empty, string.Join("\n", parsed.Diagnostics));

        var compiled = PolicyCompiler.Compile(parsed.Policy!, AllFormats);
        Assert.That(compiled.Diagnostics, Is.Empty, string.Join("\n", compiled.Diagnostics));

        string rulesets = Path.Combine(RepoPaths.Examples, folder, "rulesets");
        var committed = Directory.GetFiles(rulesets).Select(Path.GetFileName).Where(n => !n!.Contains(".received")).OrderBy(n => n).ToArray();
        Assert.That(compiled.Rulesets.Select(r => r.FileName).OrderBy(n => n), Is.EqualTo(committed));
        foreach (var ruleset in compiled.Rulesets)
        {
            string expected = File.ReadAllText(Path.Combine(rulesets, ruleset.FileName));
            // Compared, never accepted: these files belong to the C# examples.
            Assert.That(ruleset.Text, Is.EqualTo(expected), TextDiff.Unified(expected, ruleset.Text, ruleset.FileName));
        }
    }

    [TestCaseSource(nameof(Examples))]
    public void Lays_out_tables_and_chains_as_the_csharp_example_does(string file, string folder)
    {
        string path = Path.Combine(RepoPaths.Examples, "TextPolicies", "policies", file);
        var text = RlParser.Parse(File.ReadAllText(path), path).Policy!;
        var csharp = ExampleCatalog.All().Single(e => e.Folder == folder).Definition.Build();
        Assert.That(text.Name, Is.EqualTo(csharp.Name));
        Assert.That(Layout(text), Is.EqualTo(Layout(csharp)));
        Assert.That(text.Intents.Select(i => i.GetType()), Is.EqualTo(csharp.Intents.Select(i => i.GetType())));
        Assert.That(text.Cluster, Is.EqualTo(csharp.Cluster));
    }

    private static string[] Layout(Model.Policy policy) =>
        policy.Tables.SelectMany(t => t.Chains.Select(c => $"{t.Name} {c.Name} {c.Hook} {c.Policy} {c.Rules.Count}")).ToArray();
}
