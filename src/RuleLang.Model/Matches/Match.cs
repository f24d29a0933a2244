using RuleLang.Model.Netfilter;

namespace RuleLang.Model.Matches;

/// <summary>One condition of a rule. A rule matches when all its matches do.</summary>
public abstract record Match
{
    /// <summary>The address family this match ties its rule to, or null when it fits both.</summary>
    public virtual IpFamily? Family => null;

    /// <summary>
    /// Where this match was written, when the front end knows it more precisely than its rule (a .rl token, an
    /// iptables option). Not part of equality: the same condition written elsewhere is the same condition.
    /// </summary>
    public SourceLocation? Location { get; init; }

    public virtual bool Equals(Match? other) =>
        ReferenceEquals(this, other) || (other is not null && EqualityContract == other.EqualityContract);

    public override int GetHashCode() => EqualityContract.GetHashCode();
}
