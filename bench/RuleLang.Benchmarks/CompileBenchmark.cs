using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using RuleLang.Model;

namespace RuleLang.Benchmarks;

/// <summary>
/// Check, lower and print a generated cluster (services × 5 endpoints × 1 port) for each back end and nft
/// service layout (<see cref="BackEnd.All"/>), warm, with allocation per compile.
/// </summary>
[MemoryDiagnoser]
public class CompileBenchmark
{
    private Policy _policy = null!;

    [Params(1_000, 10_000, 30_000)]
    public int Services { get; set; }

    [ParamsSource(nameof(BackEnds))]
    public string BackEnd { get; set; } = "";

    public static IEnumerable<string> BackEnds()
    {
        foreach (var backEnd in Benchmarks.BackEnd.All)
        {
            yield return backEnd.Name;
        }
    }

    [GlobalSetup]
    public void Setup() => _policy = SyntheticCluster.Create(Services, 5);

    [Benchmark]
    public int CompileAndEmit() => Benchmarks.BackEnd.Parse(BackEnd).Compile(_policy).Content.Length;
}
