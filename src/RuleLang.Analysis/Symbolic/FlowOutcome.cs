using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// Arriving packets that share one fate by one path: the verdict, where they went, the NAT done to them, the rule
/// that decided (for an accepted flow, the filter rule or policy that let it through), and every deciding step.
/// </summary>
public sealed record FlowOutcome(
    IpFamily Family,
    PacketSet Region,
    FinalVerdict Verdict,
    Delivery Delivery,
    PacketRewrite Rewrite,
    RuleRef Decider,
    IReadOnlyList<RuleRef> Trail,
    bool Uncertain)
{
    public IReadOnlyList<NatAction> Nat => Rewrite.Nat;

    public FlowFate Fate => new(Verdict, Delivery, string.Join(", ", Nat.Select(n => n.Description)));

    /// <summary>The rules that made this fate: NAT rules, then the deciding rule.</summary>
    public IEnumerable<RuleRef> ResponsibleRules => Nat.Select(n => n.Rule).Concat(new[] { Decider }).Distinct();
}
