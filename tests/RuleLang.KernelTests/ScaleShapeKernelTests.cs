using System;
using System.Diagnostics;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Benchmarks;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests;

/// <summary>
/// The small-scale run of the scale benchmark (bench/kernel-bench.sh) that CI can afford: 1,000 services × 5
/// endpoints. It asserts the shape the benchmark shows at every size, not absolute times: the compact nft layout
/// loads faster than the iptables output. (kube-proxy's nft layout is not compared: at 1,000 services it loads a
/// little slower than iptables-restore and at 10,000 ten times slower, docs/performance.md; nothing to assert
/// that CI can afford.)
/// </summary>
[TestFixture]
public sealed class ScaleShapeKernelTests : KernelTestBase
{
    private const int Services = 1_000;
    private const int Loads = 3;

    [Test]
    public void The_compact_nft_layout_loads_faster_than_the_iptables_output_at_1000_services()
    {
        var policy = SyntheticCluster.Create(Services, 5);
        var iptables = Emit(policy, RulesetFormat.Iptables, default);
        var compact = Emit(policy, RulesetFormat.Nft, NftServiceLayout.Compact);

        double iptablesSeconds = BestLoad(ns => ns.RestoreIptables(iptables), "iptables-restore");
        double compactSeconds = BestLoad(ns => ns.LoadNft(compact), "nft -f");

        TestContext.Out.WriteLine($"best of {Loads}: nft -f (compact) {compactSeconds:F3} s, iptables-restore {iptablesSeconds:F3} s");
        Assert.That(compactSeconds, Is.LessThan(iptablesSeconds),
            $"{Services} services: nft (compact) {compactSeconds:F3} s, iptables-restore {iptablesSeconds:F3} s");
    }

    private static string Emit(Model.Policy policy, RulesetFormat format, NftServiceLayout layout)
    {
        var result = PolicyCompiler.Compile(policy, new[] { format }, layout);
        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        return result.Rulesets.Single().Text;
    }

    /// <summary>The fastest of a few loads, each into a namespace of its own (a load into a fresh kernel table is what is compared).</summary>
    private double BestLoad(Func<NetNamespace, ExecResult> load, string what)
    {
        double best = double.MaxValue;
        for (int i = 0; i < Loads; i++)
        {
            var ns = CreateNamespace("scale");
            var clock = Stopwatch.StartNew();
            var result = load(ns);
            clock.Stop();
            Assert.That(result.Success, Is.True, () => $"{what} refused the {Services}-service ruleset: {result.Describe()}");
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
