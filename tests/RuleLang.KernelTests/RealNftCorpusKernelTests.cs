using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.Testing;

namespace RuleLang.KernelTests;

/// <summary>
/// The nft rulesets of the corpus are real listings: each loads in a namespace and `nft list ruleset` prints it
/// back byte for byte (so an importer of them reads exactly what nft prints on a host).
/// </summary>
[TestFixture]
public sealed class RealNftCorpusKernelTests : KernelTestBase
{
    public static IEnumerable<TestCaseData> Rulesets() =>
        RealNftCorpus.Rulesets().Select(r => new TestCaseData(r).SetName($"Nft_corpus_ruleset_is_what_nft_lists_{r.Name}"));

    [TestCaseSource(nameof(Rulesets))]
    public void The_ruleset_loads_and_lists_back_unchanged(RealNftCorpus.Ruleset ruleset)
    {
        var ns = CreateNamespace("nft-corpus");
        ns.LoadNft(ruleset.Text).EnsureSuccess("loading " + ruleset.Name);
        Assert.That(ns.ListNft(), Is.EqualTo(ruleset.Listing));
    }
}
