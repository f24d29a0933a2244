using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// One line of a trace. For rules: the table, chain, 1-based rule number in the chain as iptables numbers it
/// (<c>iptables -L --line-numbers</c>) and where the rule was written; <see cref="Action"/> says what it did.
/// </summary>
public sealed record TraceStep(TraceStepKind Kind, Hook? Hook, TableKind? Table, string Chain, int RuleNumber, SourceLocation Location, string Action, int Depth)
{
    /// <summary>The probability of the branch this step took, when it is a random or nth branch point.</summary>
    public double? Branch { get; init; }

    /// <summary>The rule's -m comment, which for kube-proxy's rules names the service and endpoint.</summary>
    public string? Comment { get; init; }
}
