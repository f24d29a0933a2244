using System.Collections.Generic;

namespace RuleLang.Live;

/// <summary>Exactly what an apply replaces, as it was before: per iptables family its tables, and the nft tables.</summary>
public sealed record LiveSnapshot(IReadOnlyList<IptablesSnapshot> Iptables, IReadOnlyList<NftTableSnapshot> Nft);
