using BenchmarkDotNet.Attributes;
using RuleLang.Compiler;
using RuleLang.Model;

namespace RuleLang.Benchmarks;

/// <summary>Check, lower and print a generated cluster (services × 5 endpoints) to iptables-restore text and to nft.</summary>
[MemoryDiagnoser]
public class CompileBenchmark
{
    private Policy _policy = null!;

    [Params(1_000, 10_000)]
    public int Services { get; set; }

    [GlobalSetup]
    public void Setup() => _policy = SyntheticCluster.Create(Services, 5);

    [Benchmark(Baseline = true)]
    public int CompileToIptables() => PolicyCompiler.Compile(_policy, new[] { RulesetFormat.Iptables }).Rulesets[0].Content.Length;

    [Benchmark]
    public int CompileToNft() => PolicyCompiler.Compile(_policy, new[] { RulesetFormat.Nft }).Rulesets[0].Content.Length;
}
