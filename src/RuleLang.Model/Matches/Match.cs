using RuleLang.Model.Netfilter;

namespace RuleLang.Model.Matches;

/// <summary>One condition of a rule. A rule matches when all its matches do.</summary>
public abstract record Match
{
    /// <summary>The address family this match ties its rule to, or null when it fits both.</summary>
    public virtual IpFamily? Family => null;
}
