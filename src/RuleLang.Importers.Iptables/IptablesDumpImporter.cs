using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Importers.Iptables;

/// <summary>
/// Imports whole iptables-save / iptables-restore texts into a policy. Every line the model cannot hold is
/// reported with its file, line and column and listed in <see cref="DumpImportResult.Unimported"/>; the policy
/// of the rest always comes back. Rules, chains and policies keep the dump's locations, so the checker's
/// findings point at dump lines too.
/// </summary>
public static class IptablesDumpImporter
{
    /// <summary>One dump, of one family.</summary>
    public static DumpImportResult Import(DumpSource dump, string policyName) => Import(new[] { dump }, policyName);

    /// <summary>
    /// One dump, or an iptables dump and an ip6tables dump of the same host merged into one dual-stack policy
    /// (see <see cref="DualStackMerger"/>). More than one dump of a family is refused with a diagnostic.
    /// </summary>
    public static DumpImportResult Import(IReadOnlyList<DumpSource> dumps, string policyName)
    {
        if (dumps.Count == 0)
        {
            throw new ArgumentException("Give at least one dump.", nameof(dumps));
        }
        var diagnostics = new List<PolicyDiagnostic>();
        var unimported = new List<UnimportedLine>();
        var v4 = dumps.Where(d => d.Family == IpFamily.IPv4).ToArray();
        var v6 = dumps.Where(d => d.Family == IpFamily.IPv6).ToArray();
        foreach (var extra in v4.Skip(1).Concat(v6.Skip(1)))
        {
            diagnostics.Add(PolicyDiagnostic.Create(
                DiagnosticCatalog.MalformedDump,
                new SourceLocation(extra.Path, 0, 0),
                $"a second {(extra.Family == IpFamily.IPv4 ? "iptables" : "ip6tables")} dump",
                "a policy is imported from at most one dump per family (one host's iptables-save and ip6tables-save); import the others separately"));
        }
        var first = dumps[0];
        Policy Read(DumpSource dump) =>
            new(policyName, new DumpFileReader(dump, diagnostics, unimported).Read(), Array.Empty<Intent>(), new SourceLocation(dump.Path, 0, 0));

        Policy policy = v4.Length > 0 && v6.Length > 0
            ? DualStackMerger.Merge(Read(v4[0]), Read(v6[0]), v4[0].Path, v6[0].Path, diagnostics)
            : Read(first);
        policy = ImportedSets.Declare(policy);
        return new DumpImportResult(policy, diagnostics, unimported);
    }

    /// <summary>
    /// A RuleLang rule that names no address is for both families, so a policy imported from one family's dump
    /// widens to the other when it is emitted. `rulelang import` says so once (RL0212), so that nobody deploys an
    /// IPv6 ruleset they never had unawares; null when dumps of both families were imported.
    /// </summary>
    public static PolicyDiagnostic? FamilyWidening(Policy policy, IReadOnlyList<DumpSource> dumps)
    {
        if (dumps.Count == 0 || dumps.Select(d => d.Family).Distinct().Count() > 1)
        {
            return null;
        }
        var dump = dumps[0];
        bool dropsByDefault = policy.Tables.SelectMany(t => t.Chains).Any(c => c.Policy == Verdict.Drop);
        bool v4 = dump.Family == IpFamily.IPv4;
        return PolicyDiagnostic.Create(
            DiagnosticCatalog.OneFamilyDump,
            new SourceLocation(dump.Path, 0, 0),
            v4 ? "iptables" : "ip6tables",
            v4 ? "IPv6" : "IPv4",
            dropsByDefault ? $", and its DROP policies make RuleLang emit an {(v4 ? "ip6tables" : "iptables")} ruleset too" : "",
            v4 ? "ip6tables-save" : "iptables-save");
    }
}
