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
}
