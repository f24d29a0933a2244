using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Compiler.Files;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Compiler;

/// <summary>
/// Generated rulesets in a folder that no policy emits any more. Only files of the formats asked for count: a
/// build with RuleLangFormats=iptables;nft and a command line without --format share one folder, and a file of a
/// format nobody asked about (the build's .ip6tables, say) is not this run's to call stale or delete.
/// </summary>
public static class StaleRulesets
{
    /// <returns>The stale files' paths, in ordinal order.</returns>
    public static IReadOnlyList<string> Find(string directory, IEnumerable<EmittedRuleset> current, IReadOnlyCollection<RulesetFormat> formats)
    {
        var emitted = new HashSet<string>(current.Select(r => r.FileName), StringComparer.Ordinal);
        return RulesetWriter.GeneratedFiles(directory)
            .Where(path => FormatOf(path) is { } format && IsAsked(format, formats) && !emitted.Contains(Path.GetFileName(path)))
            .ToArray();
    }

    /// <summary>Deletes what <see cref="Find"/> gives, so the folder holds exactly the current output of those formats.</summary>
    /// <returns>The paths deleted.</returns>
    public static IReadOnlyList<string> Prune(string directory, IEnumerable<EmittedRuleset> current, IReadOnlyCollection<RulesetFormat> formats)
    {
        var stale = Find(directory, current, formats);
        foreach (string path in stale)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new FileDiagnosticException(PolicyDiagnostic.Create(DiagnosticCatalog.OutputNotWritten, new SourceLocation(path, 0, 0), path, "it could not be removed: " + ex.Message));
            }
        }
        return stale;
    }

    /// <summary>An ipset script goes with the iptables rulesets, so a run of either format owns it too.</summary>
    private static bool IsAsked(RulesetFormat format, IReadOnlyCollection<RulesetFormat> formats) =>
        formats.Contains(format)
        || (format == RulesetFormat.Ipset && (formats.Contains(RulesetFormat.Iptables) || formats.Contains(RulesetFormat.Ip6tables)));

    /// <summary>The format a generated file was written in, by its extension (PolicyCompiler.FileName).</summary>
    public static RulesetFormat? FormatOf(string path) => Path.GetExtension(path) switch
    {
        ".iptables" => RulesetFormat.Iptables,
        ".ip6tables" => RulesetFormat.Ip6tables,
        ".nft" => RulesetFormat.Nft,
        ".ipset" => RulesetFormat.Ipset,
        _ => null,
    };
}
