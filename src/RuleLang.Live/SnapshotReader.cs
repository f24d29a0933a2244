using System;
using System.Collections.Generic;
using System.Linq;

namespace RuleLang.Live;

/// <summary>
/// Reads from the kernel exactly what the rulesets will replace. `iptables-save` is run without `-t` on purpose:
/// with the nf_tables build, `iptables-save -t nat` creates the nat table it was asked to print, and a snapshot
/// must change nothing.
/// </summary>
public sealed class SnapshotReader
{
    private readonly ICommandRunner _runner;

    public SnapshotReader(ICommandRunner runner) => _runner = runner;

    public LiveSnapshot Take(IReadOnlyList<LiveRuleset> rulesets)
    {
        var iptables = new List<IptablesSnapshot>();
        foreach (var ruleset in rulesets.Where(r => r.Family != LiveFamily.Nft).OrderBy(r => r.Family))
        {
            string save = Save(ruleset.Family, counters: true);
            var present = IptablesSave.Tables(save);
            var tables = IptablesSave.TableNames(ruleset.Text);
            string version = Run(ruleset.SaveTool, "-V");
            iptables.Add(new IptablesSnapshot(
                ruleset.Family,
                IptablesSave.Select(save, tables),
                tables.Where(t => !present.ContainsKey(t)).ToArray(),
                IptablesSave.IsNfTablesVariant(version)));
        }
        var nft = new List<NftTableSnapshot>();
        var declared = rulesets.Where(r => r.Family == LiveFamily.Nft).SelectMany(r => NftScript.DeclaredTables(r.Text)).Distinct().ToArray();
        if (declared.Length > 0)
        {
            var existing = NftScript.ListedTables(Run("nft", "list", "tables"));
            foreach (var table in declared)
            {
                nft.Add(new NftTableSnapshot(table, existing.Contains(table) ? ListTable(table) : null));
            }
        }
        return new LiveSnapshot(iptables, nft);
    }

    /// <summary>The whole `iptables-save` (or ip6tables-save) of the target.</summary>
    public string Save(LiveFamily family, bool counters = false) =>
        counters ? Run(family == LiveFamily.Ip6tables ? "ip6tables-save" : "iptables-save", "-c")
            : Run(family == LiveFamily.Ip6tables ? "ip6tables-save" : "iptables-save");

    /// <summary>`nft list table FAMILY NAME`, or null when the table does not exist.</summary>
    public string? ListTableIfPresent(NftTable table) =>
        NftScript.ListedTables(Run("nft", "list", "tables")).Contains(table) ? ListTable(table) : null;

    private string ListTable(NftTable table) => Run("nft", "list", "table", table.Family, table.Name);

    private string Run(string tool, params string[] args)
    {
        var result = _runner.Run(tool, args);
        if (!result.Success)
        {
            throw new LiveException(tool + " " + string.Join(" ", args), result.Reason());
        }
        return result.StdOut;
    }
}
