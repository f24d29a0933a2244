namespace RuleLang.Compiler;

/// <summary>An output a policy can be emitted as.</summary>
public enum RulesetFormat
{
    Iptables,
    Ip6tables,

    /// <summary>One `nft -f` script for both families (`&lt;policy&gt;.nft`); emitted only when asked for.</summary>
    Nft,

    /// <summary>
    /// The `ipset restore` script of the sets a policy defines (`&lt;policy&gt;.ipset`), loaded before its iptables
    /// rulesets: written beside them whenever they are, and printed to stdout only when asked for (docs/sets.md).
    /// </summary>
    Ipset,
}
