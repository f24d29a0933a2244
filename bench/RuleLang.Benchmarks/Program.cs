using System;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using RuleLang.Compiler;

namespace RuleLang.Benchmarks;

/// <summary>
/// `dotnet run -c Release -- quick [services]` times one cold compile in a fresh process and reports peak
/// memory (what a build pays); anything else is handed to BenchmarkDotNet.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick")
        {
            int services = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
            var clock = Stopwatch.StartNew();
            var policy = SyntheticCluster.Create(services, 5);
            var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables });
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
                $"services={services} endpoints=5 lines={lines} bytes={text.Length} compile_ms={clock.ElapsedMilliseconds} peak_working_set_mb={self.PeakWorkingSet64 / (1024 * 1024)} gc0={GC.CollectionCount(0)} gc1={GC.CollectionCount(1)} gc2={GC.CollectionCount(2)} gc_pause_ms={GC.GetTotalPauseDuration().TotalMilliseconds:F0}"));
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
