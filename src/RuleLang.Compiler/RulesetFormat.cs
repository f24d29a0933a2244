namespace RuleLang.Compiler;

/// <summary>An output a policy can be emitted as.</summary>
public enum RulesetFormat
{
    Iptables,
    Ip6tables,

    /// <summary>One `nft -f` script for both families (`&lt;policy&gt;.nft`); emitted only when asked for.</summary>
    Nft,
}
