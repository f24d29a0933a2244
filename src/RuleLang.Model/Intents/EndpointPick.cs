using System;

namespace RuleLang.Model.Intents;

/// <summary>
/// One endpoint among the <see cref="Count"/> a policy chooses from, at its place in kube-proxy's order: the
/// <see cref="Index"/>-th is taken with probability 1/(n-i) once those before it were not, so each gets 1/n.
/// </summary>
public sealed record EndpointPick(ServiceEndpoint Endpoint, int Index, int Count)
{
    /// <summary>
    /// The probability of this endpoint's rule as kube-proxy prints it (1/(n-i) to ten decimals, a value the
    /// kernel then stores as <see cref="Netfilter.NetfilterFacts.StatisticRandomProbability"/>); null for the
    /// last, which is taken unconditionally.
    /// </summary>
    public double? Probability => Index < Count - 1 ? Math.Round(1.0 / (Count - Index), 10) : null;

    /// <summary>The share of new connections this endpoint gets: 1/n.</summary>
    public double Share => 1.0 / Count;
}
