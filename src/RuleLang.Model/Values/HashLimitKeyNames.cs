namespace RuleLang.Model.Values;

/// <summary>--hashlimit-mode's words, in the order iptables-save prints them.</summary>
public static class HashLimitKeyNames
{
    public static readonly (HashLimitKeys Key, string Name)[] All =
    {
        (HashLimitKeys.SourceAddress, "srcip"),
        (HashLimitKeys.SourcePort, "srcport"),
        (HashLimitKeys.DestinationAddress, "dstip"),
        (HashLimitKeys.DestinationPort, "dstport"),
    };
}
