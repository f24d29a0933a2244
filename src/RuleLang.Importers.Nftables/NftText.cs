using System.Collections.Generic;
using RuleLang.Model;

namespace RuleLang.Importers.Nftables;

/// <summary>One statement line (or a rule spread over several lines by a multi-line set) as read, with its tokens.</summary>
internal sealed record NftLine(SourceLocation Location, string Text, IReadOnlyList<NftToken> Tokens);

/// <summary>The `type … hook … priority …; policy …;` line of a base chain, as words.</summary>
internal sealed record NftBaseChainSpec(string Type, string Hook, int Priority, string PriorityText, string Policy, SourceLocation Location);

/// <summary>A chain block of a table as read: its name, the base-chain line if it has one, and its rule lines.</summary>
internal sealed class NftChainText
{
    public NftChainText(string name, SourceLocation location)
    {
        Name = name;
        Location = location;
    }

    public string Name { get; }

    public SourceLocation Location { get; }

    public NftBaseChainSpec? Base { get; set; }

    /// <summary>Lines of the chain block that are neither its base-chain line nor a rule (its comment, devices), never imported.</summary>
    public List<NftLine> Declarations { get; } = new();

    public List<NftLine> Rules { get; } = new();

    /// <summary>The line that opens the block, kept to list the whole chain as not imported when it cannot be placed.</summary>
    public NftLine? Header { get; set; }
}

/// <summary>A table block: family word (ip, ip6, inet, arp, bridge, netdev), name, chains in order.</summary>
internal sealed class NftTableText
{
    public NftTableText(string family, string name, SourceLocation location)
    {
        Family = family;
        Name = name;
        Location = location;
    }

    public string Family { get; }

    public string Name { get; }

    public SourceLocation Location { get; }

    public List<NftChainText> Chains { get; } = new();
}
