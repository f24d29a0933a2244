using RuleLang.Analysis.Symbolic;

namespace RuleLang.Analysis.Lockout;

/// <summary>
/// A kept connection the new policy refuses: which of its packets, one of them as a counterexample (in the packet
/// syntax <c>rulelang trace --packet</c> reads), what happens to it and the rule (or chain policy) responsible.
/// <see cref="Certain"/> is false when an opaque match (limit, random, recent…) only may send it there.
/// </summary>
public sealed record LockoutFailure(KeptFlow Flow, LockoutPath Path, string Counterexample, FinalVerdict Verdict, Delivery Delivery, RuleRef Rule, bool Certain)
{
    /// <summary>"dropped", "rejected", or "forwarded to another host" (a DNAT sent it away).</summary>
    public string Fate => Verdict switch
    {
        FinalVerdict.Drop => "dropped",
        FinalVerdict.Reject => "rejected",
        _ => Delivery == Delivery.Forwarded ? "forwarded to another host (DNAT)" : "not delivered to this host",
    };
}
