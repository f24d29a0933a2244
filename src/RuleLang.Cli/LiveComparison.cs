using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Analysis.Symbolic;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.Live;
using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.Cli;

/// <summary>
/// The live kernel beside a policy, for `apply --dry-run` and `status`: per ruleset, the part of the kernel it
/// owns in a normal form beside the ruleset's own (text), and for the iptables families the semantic diff
/// between the two, as `rulelang diff` computes it. nft tables are compared listing with listing (NftScratch).
/// </summary>
public sealed class LiveComparison
{
    private readonly SnapshotReader _reader;
    private readonly Dictionary<LiveFamily, string> _saves = new();

    public LiveComparison(ICommandRunner runner) => _reader = new SnapshotReader(runner);

    /// <summary>One ruleset's owned part of the kernel and of the policy, in the same normal form.</summary>
    public (string Policy, string Live) NormalForms(LiveRuleset ruleset)
    {
        if (ruleset.Family == LiveFamily.Nft)
        {
            var tables = NftScript.DeclaredTables(ruleset.Text);
            var expected = NftScratch.Listings(ruleset.Text, tables);
            string policy = "", live = "";
            foreach (var table in tables)
            {
                string wanted = expected[table];
                string running = _reader.ListTableIfPresent(table) ?? "";
                policy += wanted.Length == 0 ? $"# table {table}: absent\n" : NftListing.NormalForm(wanted);
                live += running.Length == 0 ? $"# table {table}: absent\n" : NftListing.NormalForm(running);
            }
            return (policy, live);
        }
        var names = IptablesSave.TableNames(ruleset.Text);
        // An own-chains ruleset owns its chains and jumps only: the rest of those tables is other owners'.
        string owned = OwnedChains.IsOwnChains(ruleset.Text) ? OwnedChains.Extract(Save(ruleset.Family), ruleset.Text) : Save(ruleset.Family);
        return (IptablesSave.NormalForm(ruleset.Text, names), IptablesSave.NormalForm(owned, names));
    }

    /// <summary>
    /// What changes for traffic from <paramref name="fromLive"/> ? live → policy : policy → live, over the
    /// iptables families the policy has rulesets for; null when it has none. Each side holds only the tables the
    /// rulesets name, and each family is imported and compared on its own: a live host's IPv4 and IPv6 rules
    /// need not agree (one policy on FORWARD for IPv4, another for IPv6), which one dual-stack import refuses.
    /// A live table that cannot be imported is said so in the returned text.
    /// </summary>
    public string? SemanticDiff(LivePolicy policy, bool fromLive)
    {
        var iptables = policy.Rulesets.Where(r => r.Family != LiveFamily.Nft).OrderBy(r => r.Family).ToArray();
        if (iptables.Length == 0)
        {
            return null;
        }
        var changes = new List<FlowChange>();
        foreach (var ruleset in iptables)
        {
            var family = FamilyOf(ruleset);
            // An own-chains policy is compared on what it owns (its chains and jumps, read back in the ruleset's own
            // form on both sides): other owners' rules in the same tables are not its drift.
            bool ownChains = OwnedChains.IsOwnChains(ruleset.Text);
            string liveText = ownChains
                ? OwnedChains.Extract(Save(ruleset.Family), ruleset.Text)
                : IptablesSave.SelectOrEmpty(Save(ruleset.Family), IptablesSave.TableNames(ruleset.Text));
            var live = Import(new DumpSource(liveText, "live " + ruleset.SaveTool, family), policy.Name);
            if (live.Error is { } liveError)
            {
                return $"semantic diff not shown: the live ruleset could not be imported ({liveError})\n";
            }
            Policy? wanted = ownChains ? null : policy.Lowered;
            if (wanted is null)
            {
                var committed = Import(new DumpSource(ruleset.Text, ruleset.FileName, family), policy.Name);
                if (committed.Error is { } committedError)
                {
                    return $"semantic diff not shown: {committedError}\n";
                }
                wanted = committed.Policy!;
            }
            try
            {
                changes.AddRange(RuleLang.Analysis.Symbolic.SemanticDiff.Compare(fromLive ? live.Policy! : wanted, fromLive ? wanted : live.Policy!, new AnalysisBudget(), families: new[] { family }));
            }
            catch (AnalysisLimitExceededException limit)
            {
                return $"semantic diff not shown: {limit.Message}\n";
            }
        }
        return RuleLang.Analysis.Symbolic.SemanticDiff.RenderText(changes);
    }

    private static (Policy? Policy, string? Error) Import(DumpSource dump, string name)
    {
        var imported = IptablesDumpImporter.Import(dump, name);
        return imported.HasErrors ? (null, imported.Diagnostics.First(d => d.IsError).ToString()) : (imported.Policy, null);
    }

    private string Save(LiveFamily family)
    {
        if (!_saves.TryGetValue(family, out string? save))
        {
            save = _saves[family] = _reader.Save(family);
        }
        return save;
    }

    private static IpFamily FamilyOf(LiveRuleset ruleset) => ruleset.Family == LiveFamily.Ip6tables ? IpFamily.IPv6 : IpFamily.IPv4;

    /// <summary>A unified diff of two normal forms, headed with the ruleset's file name.</summary>
    public static string TextDiff(LiveRuleset ruleset, string before, string after, string beforeLabel, string afterLabel) =>
        RuleLang.Compiler.TextDiff.Unified(before, after, ruleset.FileName, beforeLabel, afterLabel);
}
