using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Lowering;

/// <summary>A chain being filled by lowering; frozen into a model Chain at the end.</summary>
internal sealed class ChainDraft
{
    public ChainDraft(Chain chain)
    {
        Name = chain.Name;
        Hook = chain.Hook;
        Policy = chain.Policy;
        Location = chain.Location;
        Rules = new List<Rule>(chain.Rules);
    }

    public string Name { get; }

    public Hook? Hook { get; }

    public Verdict? Policy { get; }

    public SourceLocation Location { get; }

    public List<Rule> Rules { get; }

    /// <summary>Rules that must run before the user's own, in the order given (kube-proxy inserts its jumps first).</summary>
    public List<Rule> Head { get; } = new();

    public Chain Freeze()
    {
        if (Head.Count == 0)
        {
            // The draft is dropped after freezing, so its list can be the chain's without a copy.
            return new Chain(Name, Hook, Policy, Rules, Location);
        }
        var rules = new List<Rule>(Head.Count + Rules.Count);
        rules.AddRange(Head);
        rules.AddRange(Rules);
        return new Chain(Name, Hook, Policy, rules, Location);
    }
}
