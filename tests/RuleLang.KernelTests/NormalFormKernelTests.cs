using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;
using RuleLang.Model;
using RuleLang.Testing;

namespace RuleLang.KernelTests;

/// <summary>
/// Every match and target RuleLang can print, loaded into the kernel and saved back: iptables-save must print
/// exactly the emitted lines, in the same order within each chain. That is what makes RuleLang's output its
/// own diff-able normal form.
/// </summary>
[TestFixture]
public sealed class NormalFormKernelTests : KernelTestBase
{
    public static IEnumerable<TestCaseData> Policies() =>
        NormalFormCorpus.Policies().Select(p => new TestCaseData(p).SetArgDisplayNames(p.Name));

    [TestCaseSource(nameof(Policies))]
    public void Saved_rules_equal_the_emitted_rules(Policy policy)
    {
        CompilationResult result = PolicyCompiler.Compile(policy);
        Assert.That(result.Succeeded, Is.True, () => $"{policy.Name} must compile:\n" + string.Join("\n", result.Diagnostics));
        Assert.That(result.Rulesets, Is.Not.Empty, "nothing emitted");

        foreach (EmittedRuleset ruleset in result.Rulesets)
        {
            IpFamily family = ruleset.Format == RulesetFormat.Ip6tables ? IpFamily.V6 : IpFamily.V4;
            NetNamespace ns = CreateNamespace("normal");
            string saved = KernelRulesets.ApplyAndSave(ns, ruleset.Text, family, ruleset.FileName);
            KernelRulesets.AssertRoundTrip(ruleset.Text, saved, ruleset.FileName);
            TestContext.Out.WriteLine($"{ruleset.FileName}: {IptablesText.RuleLines(saved).Count(l => l.StartsWith("-A "))} rules round-tripped");
        }
    }
}
