using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RuleLang.Live;

/// <summary>
/// Pure planning: the steps that load a policy's rulesets, and the steps that put a snapshot back. Apply loads
/// IPv4, then IPv6, then nft; each step is atomic in the kernel (one iptables-restore commits per table, one
/// nft -f is one transaction), and on any failure every snapshot is restored, so the host ends fully old or new.
/// </summary>
public static class ApplyPlan
{
    public static IReadOnlyList<LiveStep> ApplySteps(IEnumerable<LiveRuleset> rulesets) =>
        rulesets.OrderBy(r => r.Family).Select(r => r.Family == LiveFamily.Nft
            ? new LiveStep("nft -f " + r.FileName, "nft", new[] { "-f", "-" }, r.Text)
            : new LiveStep(r.RestoreTool + " " + r.FileName, r.RestoreTool, System.Array.Empty<string>(), r.Text)).ToArray();

    /// <param name="canRunNft">nft is installed: tables the nf_tables iptables created are deleted with it rather than left empty.</param>
    public static IReadOnlyList<LiveStep> RollbackSteps(LiveSnapshot snapshot, bool canRunNft)
    {
        var steps = new List<LiveStep>();
        if (snapshot.Nft.Count > 0)
        {
            steps.Add(new LiveStep("nft -f (restore " + string.Join(", ", snapshot.Nft.Select(t => t.Table)) + ")", "nft", new[] { "-f", "-" }, NftScript.RestoreScript(snapshot.Nft)));
        }
        foreach (var family in snapshot.Iptables.OrderByDescending(f => f.Family))
        {
            string restore = family.Family == LiveFamily.Ip6tables ? "ip6tables-restore" : "iptables-restore";
            bool deleteAbsent = family.NfTables && canRunNft;
            var input = new StringBuilder(family.Saved);
            if (!deleteAbsent)
            {
                // The legacy build cannot remove a table once made: the closest to "absent" is a table with nothing in it.
                foreach (string table in family.Absent)
                {
                    input.Append(IptablesSave.EmptyTable(table));
                }
            }
            if (input.Length > 0)
            {
                steps.Add(new LiveStep(restore + " -c (restore " + TableList(family) + ")", restore, new[] { "-c" }, input.ToString()));
            }
            if (deleteAbsent && family.Absent.Count > 0)
            {
                string nftFamily = family.Family == LiveFamily.Ip6tables ? "ip6" : "ip";
                var script = new StringBuilder();
                foreach (string table in family.Absent)
                {
                    // Declared first so the delete cannot fail on a table the failed apply never created.
                    script.Append("table ").Append(nftFamily).Append(' ').Append(table).Append('\n');
                    script.Append("delete table ").Append(nftFamily).Append(' ').Append(table).Append('\n');
                }
                steps.Add(new LiveStep("nft -f (remove " + string.Join(", ", family.Absent.Select(t => nftFamily + " " + t)) + ", absent before)", "nft", new[] { "-f", "-" }, script.ToString()));
            }
        }
        return steps;
    }

    private static string TableList(IptablesSnapshot family) =>
        string.Join(", ", IptablesSave.TableNames(family.Saved).Concat(family.Absent));
}
