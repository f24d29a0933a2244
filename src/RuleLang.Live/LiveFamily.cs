namespace RuleLang.Live;

/// <summary>What a ruleset is loaded with: iptables-restore, ip6tables-restore, or nft -f.</summary>
public enum LiveFamily
{
    Iptables,
    Ip6tables,
    Nft,
}
