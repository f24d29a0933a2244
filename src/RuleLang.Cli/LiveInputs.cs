using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.Live;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;

namespace RuleLang.Cli;

/// <summary>
/// The input of apply and status as one policy's rulesets: a rulesets folder (the files RuleLang generated in
/// it, as committed), or policies compiled as `rulelang emit` compiles them (assemblies, .rl files, dumps).
/// Diagnostics go to stderr: stdout is kept for the command's own output.
/// </summary>
public sealed class LiveInputs
{
    private readonly TextWriter _error;

    public LiveInputs(TextWriter error) => _error = error;

    public LivePolicy? Load(IReadOnlyList<string> inputs, string? onlyPolicy, string? from, IReadOnlyCollection<RulesetFormat> formats, CompileSession session)
    {
        if (inputs.Count == 1 && Directory.Exists(inputs[0]))
        {
            return FromFolder(inputs[0], onlyPolicy, formats);
        }
        var results = session.Compile(inputs, onlyPolicy, formats, out bool failed, from);
        if (failed)
        {
            return null;
        }
        if (results.Count != 1)
        {
            Report(DiagnosticCatalog.SeveralPolicies, string.Join(" ", inputs), results.Count, string.Join(", ", results.Select(r => r.Source.Name)));
            return null;
        }
        var result = results[0];
        return new LivePolicy(result.Source.Name, string.Join(" ", inputs),
            result.Rulesets.Where(IsRuleset).Select(r => new LiveRuleset(FamilyOf(r.Format), r.FileName, r.Text)).ToArray(), result.Lowered, result.Source);
    }

    private LivePolicy? FromFolder(string folder, string? onlyPolicy, IReadOnlyCollection<RulesetFormat> formats)
    {
        var files = RulesetWriter.GeneratedFiles(folder)
            .Select(path => (path, format: StaleRulesets.FormatOf(path)))
            .Where(f => f.format is { } format && formats.Contains(format) && format != RulesetFormat.Ipset)
            .Select(f => (f.path, format: f.format!.Value, policy: Path.GetFileNameWithoutExtension(f.path)))
            .Where(f => onlyPolicy is null || f.policy == onlyPolicy)
            .ToArray();
        string wanted = string.Join(", ", formats.Select(f => f.ToString().ToLowerInvariant()));
        if (files.Length == 0)
        {
            Report(DiagnosticCatalog.NoRulesets, folder, folder, onlyPolicy is null ? wanted : $"{wanted}, policy {onlyPolicy}");
            return null;
        }
        var policies = files.Select(f => f.policy).Distinct().ToArray();
        if (policies.Length > 1)
        {
            Report(DiagnosticCatalog.SeveralPolicies, folder, policies.Length, string.Join(", ", policies));
            return null;
        }
        var rulesets = new List<LiveRuleset>();
        foreach (var file in files)
        {
            if (!new PolicyInputs(_error).TryRead(file.path, DiagnosticCatalog.DumpNotUtf8, out string text))
            {
                return null;
            }
            rulesets.Add(new LiveRuleset(FamilyOf(file.format), Path.GetFileName(file.path), text));
        }
        return new LivePolicy(policies[0], folder, rulesets, null, ReadBack(policies[0], rulesets));
    }

    /// <summary>The folder's iptables and ip6tables rulesets imported as one host's dumps; null when there are none, or they do not import.</summary>
    private static Policy? ReadBack(string name, IReadOnlyList<LiveRuleset> rulesets)
    {
        var dumps = rulesets.Where(r => r.Family != LiveFamily.Nft)
            .Select(r => new DumpSource(r.Text, r.FileName, r.Family == LiveFamily.Ip6tables ? IpFamily.IPv6 : IpFamily.IPv4))
            .ToArray();
        if (dumps.Length == 0)
        {
            return null;
        }
        var imported = IptablesDumpImporter.Import(dumps, name);
        return imported.HasErrors ? null : imported.Policy;
    }

    private void Report(DiagnosticDescriptor descriptor, string where, params object[] args) =>
        _error.WriteLine(PolicyDiagnostic.Create(descriptor, new SourceLocation(where, 0, 0), args));

    /// <summary>An ipset script is not a ruleset of any family: apply does not load sets yet (docs/sets.md).</summary>
    private static bool IsRuleset(EmittedRuleset ruleset) => ruleset.Format != RulesetFormat.Ipset;

    public static LiveFamily FamilyOf(RulesetFormat format) => format switch
    {
        RulesetFormat.Iptables => LiveFamily.Iptables,
        RulesetFormat.Ip6tables => LiveFamily.Ip6tables,
        _ => LiveFamily.Nft,
    };
}
