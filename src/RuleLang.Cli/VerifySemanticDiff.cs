using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Analysis.Symbolic;
using RuleLang.Compiler;
using RuleLang.Compiler.Files;
using RuleLang.Importers.Iptables;
using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.Cli;

/// <summary>
/// Verify mode's second view of a changed ruleset: beside the text diff, what the change does to traffic. The
/// committed iptables or ip6tables file is imported and compared, for its family, with the policy as it is now.
/// </summary>
public static class VerifySemanticDiff
{
    /// <summary>The semantic diff to print after a changed file's text diff, or null when there is none to give.</summary>
    public static string? For(RulesetDrift drift, string rulesetsDir, IReadOnlyList<CompilationResult> results)
    {
        if (drift.Kind != DriftKind.Changed)
        {
            return null;
        }
        IpFamily family;
        RulesetFormat format;
        if (drift.FileName.EndsWith(".iptables", System.StringComparison.Ordinal))
        {
            (family, format) = (IpFamily.IPv4, RulesetFormat.Iptables);
        }
        else if (drift.FileName.EndsWith(".ip6tables", System.StringComparison.Ordinal))
        {
            (family, format) = (IpFamily.IPv6, RulesetFormat.Ip6tables);
        }
        else
        {
            return null; // nft scripts are not imported
        }
        var fresh = results.FirstOrDefault(r => r.Lowered is not null && PolicyCompiler.FileName(r.Source.Name, format) == drift.FileName);
        if (fresh?.Lowered is not { } now)
        {
            return null;
        }
        string path = Path.Combine(rulesetsDir, drift.FileName);
        var imported = IptablesDumpImporter.Import(new DumpSource(System.Text.Encoding.UTF8.GetString(BoundedFile.Read(path, BoundedFile.InputLimit)), path, family), now.Name);
        if (imported.HasErrors)
        {
            return $"semantic diff of {drift.FileName} not shown: the committed file could not be imported ({imported.Diagnostics.First(d => d.IsError)})\n";
        }
        try
        {
            var changes = SemanticDiff.Compare(imported.Policy, now, new AnalysisBudget(), families: new[] { family });
            return $"what changes for traffic ({drift.FileName}, committed -> now):\n" + SemanticDiff.RenderText(changes);
        }
        catch (AnalysisLimitExceededException limit)
        {
            return $"semantic diff of {drift.FileName} not shown: {limit.Message}\n";
        }
    }
}
