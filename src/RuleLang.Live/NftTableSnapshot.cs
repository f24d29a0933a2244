namespace RuleLang.Live;

/// <summary>One nft table before apply: its `nft list table` output, or null when it did not exist.</summary>
public sealed record NftTableSnapshot(NftTable Table, string? Listing);
