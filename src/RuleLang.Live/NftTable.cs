namespace RuleLang.Live;

/// <summary>One nft table: its family (ip, ip6, inet, arp, bridge, netdev) and name.</summary>
public sealed record NftTable(string Family, string Name)
{
    public override string ToString() => Family + " " + Name;
}
