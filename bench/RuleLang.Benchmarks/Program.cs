using System;
using System.Linq;
using BenchmarkDotNet.Running;
using RuleLang.Benchmarks.Kernel;
using RuleLang.Benchmarks.Plot;

namespace RuleLang.Benchmarks;

/// <summary>
/// Modes: <c>quick [services] [back end]</c> one cold compile with its peak memory (<see cref="ColdCompile"/>);
/// <c>stages [services]</c> time and allocation per pipeline stage; <c>kernel</c> the scale benchmark in network
/// namespaces (<see cref="KernelBenchmark"/>, as root: <c>bash bench/kernel-bench.sh</c>); <c>plot</c> its PNG
/// again from its CSV; <c>listen</c> and <c>connect</c> the two ends of its connection measurement. Anything else
/// goes to BenchmarkDotNet (<c>-- --filter '*CompileBenchmark*'</c>). Back ends: iptables, and nft-&lt;layout&gt;
/// for each nft service layout.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var options = new Options(args.Skip(1));
        switch (args.FirstOrDefault())
        {
            case "quick":
                return ColdCompile.Run(options);
            case "stages":
                int n = Options.ParseInt(options.Positional(0) ?? "10000");
                StageTimer.Run(n);
                StageTimer.Run(n);
                return 0;
            case "kernel":
                return KernelBenchmark.Run(options);
            case "plot":
                return ScalePlot.Run(options);
            case "listen":
                return ConnectProbe.Listen(options);
            case "connect":
                return ConnectProbe.Connect(options);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
