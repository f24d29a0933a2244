using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Benchmarks;
using RuleLang.Compiler;
using RuleLang.Model;

namespace RuleLang.Tests.Scale;

/// <summary>
/// The shape of the scale benchmark's compile figures, not their size (CI machines differ): compiling ten times
/// the services takes at most about ten times as long, for iptables and for each nft services layout (the
/// layouts are read from the enum, so a new one is checked too). Time is the process's processor time, not the
/// clock's: on a machine shared with other builds the clock also counts the time the process waited for a core.
/// The best of a few runs is compared, each after a collection, so the previous run's garbage does not decide it.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CompileScaleTests
{
    /// <summary>Linear growth is 10×; the slack covers a larger heap's extra collections and a noisy machine.</summary>
    private const double MaxGrowth = 12;

    private static readonly Lazy<Policy> Small = new(() => SyntheticCluster.Create(1_000, 5));
    private static readonly Lazy<Policy> Large = new(() => SyntheticCluster.Create(10_000, 5));

    public static IEnumerable<TestCaseData> Outputs() =>
        new[] { new TestCaseData(RulesetFormat.Iptables, default(NftServiceLayout)).SetArgDisplayNames("iptables") }
            .Concat(Enum.GetValues<NftServiceLayout>().Select(l => new TestCaseData(RulesetFormat.Nft, l).SetArgDisplayNames("nft " + l)));

    [TestCaseSource(nameof(Outputs))]
    public void Compile_time_grows_at_most_linearly_from_1000_to_10000_services(RulesetFormat format, NftServiceLayout layout)
    {
        // Warm up until the tiered JIT has settled, so the small size is not charged for compiling code.
        Best(Small.Value, format, layout, runs: 4);
        double small = Best(Small.Value, format, layout, runs: 3);
        double large = Best(Large.Value, format, layout, runs: 2);

        TestContext.Out.WriteLine($"1,000 services: {small:F0} ms, 10,000 services: {large:F0} ms ({large / small:F1}×)");
        Assert.That(large, Is.LessThanOrEqualTo(MaxGrowth * small),
            $"1,000 services: {small:F0} ms, 10,000 services: {large:F0} ms ({large / small:F1}×)");
    }

    private static double Best(Policy policy, RulesetFormat format, NftServiceLayout layout, int runs)
    {
        double best = double.MaxValue;
        using var self = Process.GetCurrentProcess();
        for (int i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = self.TotalProcessorTime;
            Compile(policy, format, layout);
            self.Refresh();
            best = Math.Min(best, (self.TotalProcessorTime - before).TotalMilliseconds);
        }
        return best;
    }

    private static void Compile(Policy policy, RulesetFormat format, NftServiceLayout layout)
    {
        var result = PolicyCompiler.Compile(policy, new[] { format }, layout);
        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        Assert.That(result.Rulesets.Single().Content, Is.Not.Empty);
    }
}
