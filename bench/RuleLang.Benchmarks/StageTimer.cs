using System;
using System.Diagnostics;
using RuleLang.Backends.Iptables;
using RuleLang.Checker;
using RuleLang.Lowering;
using RuleLang.Model.Netfilter;

namespace RuleLang.Benchmarks;

/// <summary>
/// `stages [services]`: where the time goes, one pipeline stage at a time, then the whole pipeline
/// (<see cref="Compiler.PolicyCompiler"/>, emit included) per back end.
/// </summary>
public static class StageTimer
{
    public static void Run(int services)
    {
        var clock = Stopwatch.StartNew();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var paused = GC.GetTotalPauseDuration();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var policy = SyntheticCluster.Create(services, 5);
        Lap("generate");
        PolicyChecker.CheckDefinition(policy);
        Lap("check intents");
        var lowered = PolicyLowering.Lower(policy);
        Lap("lower");
        var graph = new RuleLang.Checker.ChainGraph(lowered.Tables[0]);
        Lap("chain graph");
        graph.FindCycle();
        Lap("find cycle");
        PolicyChecker.CheckTables(lowered);
        Lap("check tables");
        var shadowed = RuleLang.Analysis.Symbolic.SymbolicChecks.Check(policy, lowered);
        Lap($"symbolic checks ({shadowed.Count})");
        var v4 = FamilyProjection.Project(lowered, IpFamily.IPv4);
        Lap("project family");
        FamilyProjection.UsesIPv6(lowered);
        Lap("uses IPv6");
        var text = IptablesBackend.Render(v4, IpFamily.IPv4);
        Lap("render");
        Console.WriteLine($"bytes={text.Length}");
        Lap("(print)");
        foreach (var backEnd in BackEnd.All)
        {
            backEnd.Compile(policy);
            Lap("compile " + backEnd.Name);
        }

        void Lap(string stage)
        {
            long now = GC.GetAllocatedBytesForCurrentThread();
            var pause = GC.GetTotalPauseDuration() - paused;
            var collections = (GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
            long live = GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024);
            Console.WriteLine($"{stage,-24} {clock.ElapsedMilliseconds,6} ms   allocated {(now - allocated) / (1024 * 1024),5} MB   GC pauses {pause.TotalMilliseconds,4:F0} ms (gen0/1/2: {collections.Item1}/{collections.Item2}/{collections.Item3})   live heap after: {live} MB");
            allocated = now;
            paused = GC.GetTotalPauseDuration();
            (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            clock.Restart();
        }
    }
}
