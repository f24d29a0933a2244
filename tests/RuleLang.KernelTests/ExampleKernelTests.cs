using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;
using RuleLang.Testing;

namespace RuleLang.KernelTests;

/// <summary>
/// The committed example rulesets (what a user would deploy, not a fresh compile) load into the kernel and
/// come back from iptables-save unchanged.
/// </summary>
[TestFixture]
public sealed class ExampleKernelTests : KernelTestBase
{
    /// <summary>Every example folder with committed rulesets, C#, .rl or kubectl-fed alike.</summary>
    public static IEnumerable<string> Examples() =>
        Directory.GetDirectories(RepoPaths.Examples)
            .Where(d => Directory.Exists(Path.Combine(d, "rulesets")))
            .Select(d => Path.GetFileName(d)!)
            .Order();

    [TestCaseSource(nameof(Examples))]
    public void Committed_rulesets_load_and_save_back_unchanged(string example)
    {
        string rulesets = Path.Combine(RepoPaths.Examples, example, "rulesets");
        string[] files = Directory.GetFiles(rulesets).Where(f => f.EndsWith(".iptables") || f.EndsWith(".ip6tables")).Order().ToArray();
        Assert.That(files.Any(f => f.EndsWith(".iptables")), Is.True, $"no committed .iptables ruleset in {rulesets}");

        foreach (string file in files)
        {
            IpFamily family = file.EndsWith(".ip6tables") ? IpFamily.V6 : IpFamily.V4;
            string text = File.ReadAllText(file);
            string name = Path.GetRelativePath(RepoPaths.Root, file);
            NetNamespace ns = CreateNamespace("example");
            string saved = KernelRulesets.ApplyAndSave(ns, text, family, name);
            KernelRulesets.AssertRoundTrip(text, saved, name);
            TestContext.Out.WriteLine($"{name}: loaded with {KernelRulesets.Tool(family)}, {IptablesText.RuleLines(saved).Count(l => l.StartsWith("-A "))} rules saved back unchanged");
        }
    }
}
