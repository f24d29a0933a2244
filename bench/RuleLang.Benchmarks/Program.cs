using System;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using RuleLang.Compiler;

namespace RuleLang.Benchmarks;

/// <summary>
/// `dotnet run -c Release -- quick [services] [iptables|nft]` times one cold compile in a fresh process and
/// reports peak memory (what a build pays); `stages [services]` shows time and allocation per pipeline stage;
/// anything else is handed to BenchmarkDotNet (`-- --filter '*'`).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick")
        {
            int services = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
            var format = args.Length > 2 && args[2] == "nft" ? RulesetFormat.Nft : RulesetFormat.Iptables;
            var clock = Stopwatch.StartNew();
            var policy = SyntheticCluster.Create(services, 5);
            var result = PolicyCompiler.Compile(policy, new[] { format });
            clock.Stop();
            byte[] text = result.Rulesets[0].Content;
            int lines = 0;
            foreach (byte b in text)
            {
                lines += b == (byte)'\n' ? 1 : 0;
            }
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            Console.WriteLine(FormattableString.Invariant(
                $"format={format} services={services} endpoints=5 lines={lines} bytes={text.Length} compile_ms={clock.ElapsedMilliseconds} peak_working_set_mb={self.PeakWorkingSet64 / (1024 * 1024)} gc0={GC.CollectionCount(0)} gc1={GC.CollectionCount(1)} gc2={GC.CollectionCount(2)} gc_pause_ms={GC.GetTotalPauseDuration().TotalMilliseconds:F0}"));
            return result.Succeeded ? 0 : 1;
        }
        if (args.Length > 0 && args[0] == "stages")
        {
            int n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
            StageTimer.Run(n);
            StageTimer.Run(n);
            return 0;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
