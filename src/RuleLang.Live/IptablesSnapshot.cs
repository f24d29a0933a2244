using System.Collections.Generic;

namespace RuleLang.Live;

/// <summary>
/// The tables of one iptables family that a ruleset replaces, as they were: Saved holds the blocks of those that
/// existed (`iptables-save -c`, counters kept), Absent names those that did not. NfTables is true for the
/// nf_tables build of iptables, whose tables are nft tables and can be deleted again.
/// </summary>
public sealed record IptablesSnapshot(LiveFamily Family, string Saved, IReadOnlyList<string> Absent, bool NfTables);
