using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Checker;
using RuleLang.Lowering;
using RuleLang.Testing;

namespace RuleLang.Tests;

/// <summary>The checker's side of the netfilter facts: exactly the expected IDs, nothing else.</summary>
public class FactCorpusCheckerTests
{
    public static IEnumerable<FactCase> Cases => NetfilterFactCorpus.Cases();

    [TestCaseSource(nameof(Cases))]
    public void Checker_reports_exactly_the_expected_ids(FactCase fact)
    {
        var diagnostics = PolicyChecker.Check(PolicyLowering.Lower(fact.Policy));
        Assert.That(diagnostics.Select(d => d.Id).Distinct(), Is.EquivalentTo(fact.ExpectedIds),
            string.Join("\n", diagnostics));
    }
}
