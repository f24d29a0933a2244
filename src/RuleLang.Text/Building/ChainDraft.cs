using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Text.Building;

/// <summary>One chain while a file is read: every block and allow line naming it adds to the same list.</summary>
internal sealed class ChainDraft
{
    private readonly List<Rule> _rules = new();

    public ChainDraft(string name, Hook? hook, SourceLocation location)
    {
        Name = name;
        Hook = hook;
        Location = location;
    }

    public string Name { get; }

    public Hook? Hook { get; }

    public SourceLocation Location { get; private set; }

    public Verdict? Policy { get; private set; }

    /// <summary>As in the C# DSL, a built-in chain puts its table in the policy once it has a rule or a policy.</summary>
    public bool IsTouched { get; private set; }

    public void Add(Rule rule)
    {
        _rules.Add(rule);
        IsTouched = true;
    }

    /// <summary>The first chain block naming the chain gives its location; a later policy overrides an earlier one.</summary>
    public void Declare(Verdict? policy, SourceLocation location)
    {
        if (!Location.IsKnown)
        {
            Location = location;
        }
        if (policy is { } verdict)
        {
            Policy = verdict;
            IsTouched = true;
        }
    }

    /// <summary>
    /// A built-in chain defaults to ACCEPT; a user chain keeps a policy only if one was written, so the checker can
    /// report it (RL1103); a hook's name in a table without that hook keeps its hook, so the checker reports RL1101.
    /// </summary>
    public Chain ToModel() => Hook is { } hook
        ? new Chain(Name, hook, Policy ?? Verdict.Accept, _rules.ToArray(), Location)
        : new Chain(Name, null, Policy, _rules.ToArray(), Location);
}
