using System;
using System.Diagnostics;
using System.IO;
using RuleLang.Compiler;

namespace RuleLang.Benchmarks;

/// <summary>
/// <c>quick [services] [back end] [--endpoints 5] [--ports 1] [--seed 8] [--out file]</c>: one compile in this
/// fresh process (JIT included: what a build pays), the process's peak working set right after it, then a second
/// compile of the same policy for the warm time. Run once per size in its own process, so that one size's heap
/// does not inflate the next one's peak. Prints one line of key=value pairs, which the kernel benchmark reads.
/// </summary>
public static class ColdCompile
{
    public static int Run(Options options)
    {
        int services = Options.ParseInt(options.Positional(0) ?? "10000");
        var backEnd = BackEnd.Parse(options.Positional(1) ?? "iptables");
        int endpoints = options.Int("endpoints", 5);
        int ports = options.Int("ports", 1);
        int seed = options.Int("seed", SyntheticCluster.DefaultSeed);

        var policy = SyntheticCluster.Create(services, endpoints, ports, seed);
        var clock = Stopwatch.StartNew();
        EmittedRuleset? ruleset = backEnd.Compile(policy);
        clock.Stop();
        long coldMs = clock.ElapsedMilliseconds;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        long peakMb = self.PeakWorkingSet64 / (1024 * 1024);
        int gen2 = GC.CollectionCount(2);
        double pauseMs = GC.GetTotalPauseDuration().TotalMilliseconds;

        int bytes = ruleset.Content.Length;
        int lines = CountLines(ruleset.Content);
        if (options.Text("out") is { } path)
        {
            File.WriteAllBytes(path, ruleset.Content);
        }
        ruleset = null;
        clock.Restart();
        var again = backEnd.Compile(policy);
        clock.Stop();
        if (again.Content.Length != bytes)
        {
            Console.Error.WriteLine("the second compile printed a different ruleset");
            return 1;
        }

        Console.WriteLine(FormattableString.Invariant(
            $"backend={backEnd.Name} services={services} endpoints={endpoints} ports={ports} seed={seed} lines={lines} bytes={bytes} compile_cold_ms={coldMs} compile_warm_ms={clock.ElapsedMilliseconds} peak_working_set_mb={peakMb} gc2={gen2} gc_pause_ms={pauseMs:F0}"));
        return 0;
    }

    private static int CountLines(byte[] text)
    {
        int lines = 0;
        foreach (byte b in text)
        {
            lines += b == (byte)'\n' ? 1 : 0;
        }
        return lines;
    }
}
