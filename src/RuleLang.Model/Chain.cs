using System.Collections.Generic;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model;

/// <summary>A built-in chain (attached to a hook, with a default policy) or a user chain (reached by jumps).</summary>
public sealed record Chain(string Name, Hook? Hook, Verdict? Policy, IReadOnlyList<Rule> Rules, SourceLocation Location)
{
    public bool IsBuiltin => Hook.HasValue;

    public static Chain Builtin(Hook hook, Verdict policy, IReadOnlyList<Rule> rules, SourceLocation location) =>
        new(NetfilterFacts.ChainName(hook), hook, policy, rules, location);

    public static Chain User(string name, IReadOnlyList<Rule> rules, SourceLocation location) =>
        new(name, null, null, rules, location);
}
