using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>-m limit --limit rate/unit --limit-burst burst.</summary>
public sealed record LimitMatch(int Rate, RateUnit Unit, int Burst = LimitMatch.DefaultBurst) : Match
{
    public const int DefaultBurst = 5;
}
