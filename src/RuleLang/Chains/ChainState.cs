using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang;

/// <summary>
/// The mutable side of one chain while a policy is being defined; the typed handles are views on it, so two
/// handles for one chain (a chain declared twice by name) add to the same list.
/// </summary>
internal sealed class ChainState
{
    private readonly List<Rule> _rules = new();
    private readonly PolicyBuilder _policy;

    public ChainState(PolicyBuilder policy, string name, Hook? hook, SourceLocation location)
    {
        _policy = policy;
        Name = name;
        Hook = hook;
        Location = location;
    }

    public string Name { get; }

    public Hook? Hook { get; }

    /// <summary>The table a built-in chain belongs to (a jump placement names both).</summary>
    public TableKind Table { get; init; }

    public SourceLocation Location { get; private set; }

    public Verdict Policy { get; private set; } = Verdict.Accept;

    /// <summary>A table is emitted only when something was said about it; setting a policy counts.</summary>
    public bool IsTouched { get; private set; }

    public void Add(Rule rule)
    {
        _policy.Saw(rule.Location);
        _rules.Add(rule);
        IsTouched = true;
    }

    public void SetPolicy(Verdict verdict, SourceLocation location)
    {
        _policy.Saw(location);
        Policy = verdict;
        Location = location;
        IsTouched = true;
    }

    public void PlaceJump(JumpPlacement placement, SourceLocation location)
    {
        _policy.Saw(location);
        _policy.PlaceJump(new ChainPlacement(Table, Hook!.Value, placement, location));
    }

    public Chain ToModel() => Hook is { } hook
        ? Chain.Builtin(hook, Policy, _rules.ToArray(), Location)
        : Chain.User(Name, _rules.ToArray(), Location);
}
