using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Testing;

/// <summary>
/// Builds model policies directly, bypassing the typed DSL, so tests can write what the DSL's types forbid
/// (a DNAT in filter, an -i in OUTPUT) and see what the checker and the kernel make of it.
/// </summary>
public static class M
{
    public static Policy Policy(string name, params Table[] tables) => new(name, tables, new Intent[0], new SourceLocation("test.cs", 1, 1));

    public static Policy Policy(string name, Table[] tables, params Intent[] intents) => new(name, tables, intents, new SourceLocation("test.cs", 1, 1));

    /// <summary>A table with all its built-in chains (ACCEPT unless given), plus the given chains.</summary>
    public static Table Table(TableKind kind, params Chain[] chains)
    {
        var all = new List<Chain>();
        foreach (var hook in NetfilterFacts.BuiltinHooks(kind))
        {
            all.Add(chains.FirstOrDefault(c => c.Hook == hook) ?? Chain.Builtin(hook, Verdict.Accept, new Rule[0], SourceLocation.None));
        }
        all.AddRange(chains.Where(c => c.Hook is null || !NetfilterFacts.HasBuiltinChain(kind, c.Hook.Value)));
        return new Table(kind, all);
    }

    public static Chain Builtin(Hook hook, params Rule[] rules) => Chain.Builtin(hook, Verdict.Accept, rules, SourceLocation.None);

    public static Chain Builtin(Hook hook, Verdict policy, params Rule[] rules) => Chain.Builtin(hook, policy, rules, SourceLocation.None);

    public static Chain User(string name, params Rule[] rules) => Chain.User(name, rules, new SourceLocation("test.cs", 1, 1));

    public static Rule Rule(Target target, params Match[] matches) => Rule(0, target, matches);

    public static Rule Rule(int line, Target target, params Match[] matches) =>
        new(matches, target, new SourceLocation("test.cs", line, 1));

    public static ProtocolMatch Proto(Protocol p, bool not = false) => new(p, not);
    public static AddressMatch Src(string a, bool not = false) => new(AddressSide.Source, a, not);
    public static AddressMatch Dst(string a, bool not = false) => new(AddressSide.Destination, a, not);
    public static InterfaceMatch In(string name, bool not = false) => new(InterfaceSide.In, name, not);
    public static InterfaceMatch Out(string name, bool not = false) => new(InterfaceSide.Out, name, not);
    public static PortMatch Dport(params int[] ports) => new(AddressSide.Destination, ports.Select(PortSpan.Single).ToArray());
    public static PortMatch Sport(params int[] ports) => new(AddressSide.Source, ports.Select(PortSpan.Single).ToArray());
    public static PortMatch DportRange(int low, int high) => new(AddressSide.Destination, new[] { new PortSpan(low, high) });
    public static ConntrackMatch State(ConntrackStates s, bool not = false) => new(s, not);
    public static CommentMatch Comment(string text) => new(text);

    public static Target Accept => VerdictTarget.Accept;
    public static Target Drop => VerdictTarget.Drop;
    public static Target Return => VerdictTarget.Return;
    public static Target Jump(string chain) => new JumpTarget(chain);
    public static Target Goto(string chain) => new JumpTarget(chain, IsGoto: true);
}
