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
            long live = GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024);
            Console.WriteLine($"{stage,-24} {clock.ElapsedMilliseconds,6} ms   allocated {(now - allocated) / (1024 * 1024),5} MB   live heap after: {live} MB");
            allocated = now;
            clock.Restart();
        }
    }
}
