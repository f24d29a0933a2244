using RuleLang.Model.Netfilter;

namespace RuleLang.Model.Targets;

/// <summary>What a rule does with a packet it matches (-j / -g).</summary>
public abstract record Target
{
    /// <summary>The name iptables knows it by.</summary>
    public abstract string Name { get; }

    /// <summary>True when evaluation stops at this rule for every packet that reaches the target.</summary>
    public virtual bool IsTerminal => false;

    /// <summary>The address family this target ties its rule to, or null when it fits both.</summary>
    public virtual IpFamily? Family => null;

    /// <summary>Where the target was written, when the front end knows it more precisely than its rule. Not part of equality.</summary>
    public SourceLocation? Location { get; init; }

    public virtual bool Equals(Target? other) =>
        ReferenceEquals(this, other) || (other is not null && EqualityContract == other.EqualityContract);

    public override int GetHashCode() => EqualityContract.GetHashCode();
}
