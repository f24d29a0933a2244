using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Iptables;
using RuleLang.Checker;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Testing;
using IpFamily = RuleLang.KernelTests.Harness.IpFamily;
using ModelFamily = RuleLang.Model.Netfilter.IpFamily;

namespace RuleLang.KernelTests;

/// <summary>
/// The kernel's side of the netfilter facts: every fact's policy is rendered for IPv4 (whatever the checker says)
/// and loaded with iptables-restore into a fresh namespace. The kernel's verdict must be the fact's, and the
/// checker must reject exactly what the kernel refuses — except where RuleLang is documented as stricter.
/// </summary>
[TestFixture]
public sealed class FactCorpusKernelTests : KernelTestBase
{
    public static IEnumerable<FactCase> Cases() => NetfilterFactCorpus.Cases();

    [TestCaseSource(nameof(Cases))]
    public void Kernel_agrees_with_the_fact(FactCase fact)
    {
        Policy lowered = PolicyLowering.Lower(fact.Policy);
        IReadOnlyList<PolicyDiagnostic> diagnostics = PolicyChecker.Check(lowered);
        bool checkerRejects = PolicyChecker.HasErrors(diagnostics);
        string emitted = IptablesBackend.Render(lowered, ModelFamily.IPv4);

        NetNamespace ns = CreateNamespace("fact");
        ExecResult restore = ns.RestoreIptables(emitted);
        string context =
            $"fact: {fact.Name} (expected IDs {string.Join(", ", fact.ExpectedIds)}; kernel accepts: {fact.KernelAccepts}"
            + (fact.Why.Length > 0 ? $"; stricter on purpose: {fact.Why})" : ")")
            + $"\nkernel: {restore.Describe()}"
            + $"\nchecker: {(diagnostics.Count == 0 ? "no diagnostics" : "\n  " + string.Join("\n  ", diagnostics))}"
            + $"\nemitted ruleset:\n{KernelRulesets.Numbered(emitted)}";
        TestContext.Out.WriteLine(context);

        Assert.That(restore.Success, Is.EqualTo(fact.KernelAccepts), $"iptables-restore's verdict is not the fact's.\n{context}");
        if (fact.Why.Length > 0)
        {
            Assert.That(checkerRejects && restore.Success, Is.True,
                $"a documented-stricter fact must be rejected by the checker yet accepted by the kernel.\n{context}");
            ReportWhatTheKernelChanged(ns, emitted);
            return;
        }

        Assert.That(checkerRejects, Is.EqualTo(!restore.Success),
            (restore.Success ? "the checker rejects a ruleset the kernel accepts" : "the checker accepts a ruleset the kernel refuses")
            + $".\n{context}");
        if (restore.Success)
        {
            KernelRulesets.AssertRoundTrip(emitted, ns.SaveIptables(), $"the ruleset of '{fact.Name}'");
        }
    }

    /// <summary>For the documented-stricter facts the round trip is not asserted; the difference is logged.</summary>
    private static void ReportWhatTheKernelChanged(NetNamespace ns, string emitted)
    {
        IReadOnlyList<string> expected = IptablesText.RuleLines(emitted);
        IReadOnlyList<string> saved = IptablesText.RuleLines(ns.SaveIptables());
        TestContext.Out.WriteLine(expected.SequenceEqual(saved)
            ? "kernel kept the ruleset as emitted"
            : "kernel changed the ruleset (- emitted, + saved):\n" + KernelRulesets.Diff(expected, saved));
    }
}
