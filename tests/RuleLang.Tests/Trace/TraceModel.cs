using System.Linq;
using RuleLang.Analysis.Trace;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Tests.Trace;

/// <summary>Small policies written straight in the model, each rule on its own "line", and a packet parser that must succeed.</summary>
internal static class TraceModel
{
    private static int _line;

    public static Policy Policy(params Table[] tables) => new("trace-test", tables, System.Array.Empty<RuleLang.Model.Intents.Intent>(), new SourceLocation("t.rl", 1, 1));

    public static Table Table(TableKind kind, params Chain[] chains) => new(kind, chains);

    public static Chain Builtin(Hook hook, params Rule[] rules) => Chain.Builtin(hook, Verdict.Accept, rules, new SourceLocation("t.rl", 1, 1));

    public static Chain Builtin(Hook hook, Verdict policy, params Rule[] rules) => Chain.Builtin(hook, policy, rules, new SourceLocation("t.rl", 1, 1));

    public static Chain User(string name, params Rule[] rules) => Chain.User(name, rules, new SourceLocation("t.rl", 1, 1));

    public static Rule Rule(Target target, params Match[] matches) => new(matches, target, new SourceLocation("t.rl", ++_line + 100, 1));

    public static Rule RuleAt(int line, Target target, params Match[] matches) => new(matches, target, new SourceLocation("t.rl", line, 1));

    public static PacketSpec Packet(string text)
    {
        var parsed = PacketParser.Parse(text);
        NUnit.Framework.Assert.That(parsed.Diagnostic, NUnit.Framework.Is.Null, text);
        return parsed.Packet!;
    }

    public static TraceResult TraceOf(Policy policy, string packet, TraceOptions? options = null) =>
        PacketTracer.Trace(policy, Packet(packet), options);

    /// <summary>The single outcome of a trace without random branches.</summary>
    public static TraceOutcome Only(TraceResult result)
    {
        NUnit.Framework.Assert.That(result.Outcomes, NUnit.Framework.Has.Count.EqualTo(1), () => TraceTextWriter.Write(result));
        return result.Outcomes[0];
    }

    /// <summary>Where the rules that ran are, "table CHAIN #n" for each rule step of the first path.</summary>
    public static string[] RuleSteps(TraceResult result, int path = 0) => result.Paths[path].Steps
        .Where(s => s.Kind == TraceStepKind.Rule)
        .Select(s => $"{NetfilterFacts.TableName(s.Table!.Value)} {s.Chain} #{s.RuleNumber}")
        .ToArray();

    public static string[] Chains(TraceResult result, int path = 0) => result.Paths[path].Steps
        .Where(s => s.Kind is TraceStepKind.Rule or TraceStepKind.Policy)
        .Select(s => $"{NetfilterFacts.TableName(s.Table!.Value)} {s.Chain}")
        .Distinct()
        .ToArray();

    public static Match Tcp => new ProtocolMatch(Protocol.Tcp);

    public static Match Dport(int port, bool not = false) => new PortMatch(AddressSide.Destination, new[] { PortSpan.Single(port) }, not);
}
