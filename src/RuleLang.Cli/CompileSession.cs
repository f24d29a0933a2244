using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Cli;

/// <summary>
/// Loads the policies of the files named on the command line, compiles each, and reports in MSBuild's format on
/// stderr: stdout carries only the rulesets, which a loader reads, so a diagnostic there would be loaded too.
/// </summary>
public sealed class CompileSession
{
    private readonly TextWriter _error;

    public CompileSession(TextWriter error) => _error = error;

    /// <summary>How nft scripts lay out Kubernetes services (--layout): compact unless asked otherwise.</summary>
    public NftServiceLayout NftLayout { get; init; } = NftServiceLayout.Compact;

    /// <summary>Folders (--include-dir) whose files .rl inputs may include, beside their own folders' trees.</summary>
    public IReadOnlyList<string> IncludeDirs { get; init; } = Array.Empty<string>();

    /// <summary>--owns: what a policy that does not say owns; null leaves it whole tables.</summary>
    public Model.Ownership? DefaultOwnership { get; init; }

    public IReadOnlyList<CompilationResult> Compile(IEnumerable<string> inputs, string? onlyPolicy, IReadOnlyCollection<RulesetFormat> formats, out bool failed, string? from = null)
    {
        var loadDiagnostics = new List<PolicyDiagnostic>();
        var policies = new List<LoadedPolicy>();
        if (!new PolicyInputs(_error, IncludeDirs).TryLoad(inputs, onlyPolicy, from, policies, loadDiagnostics))
        {
            failed = true;
            return Array.Empty<CompilationResult>();
        }
        if (onlyPolicy != null)
        {
            if (policies.Count == 0 && loadDiagnostics.Count == 0)
            {
                _error.WriteLine($"rulelang: no policy named '{onlyPolicy}'");
                failed = true;
                return Array.Empty<CompilationResult>();
            }
        }
        foreach (var clash in policies.GroupBy(p => p.Policy.Name).Where(g => g.Count() > 1))
        {
            var pair = clash.Take(2).ToArray();
            loadDiagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.DuplicatePolicyName, pair[1].Policy.Location, pair[0].TypeName, pair[1].TypeName, clash.Key));
        }

        foreach (var loaded in policies.Where(p => DefaultOwnership is { } asked && p.Policy.Ownership.Kind is { } stated && stated != asked))
        {
            var ownership = loaded.Policy.Ownership;
            loadDiagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.OwnsOptionOverridden, ownership.Location, loaded.Policy.Name, Words(ownership.Kind!.Value), Words(DefaultOwnership!.Value)));
        }
        Report(loadDiagnostics);
        var results = policies.Select(p => PolicyCompiler.Compile(p.Policy.WithDefaultOwnership(DefaultOwnership), formats, NftLayout)).ToArray();
        foreach (var result in results)
        {
            Report(result.Diagnostics);
        }
        failed = loadDiagnostics.Any(d => d.IsError) || results.Any(r => !r.Succeeded);
        return results;
    }

    private static string Words(Model.Ownership ownership) => ownership == Model.Ownership.OwnChains ? "chains" : "tables";

    private void Report(IEnumerable<PolicyDiagnostic> diagnostics)
    {
        foreach (var diagnostic in SourceColumns.Resolve(diagnostics))
        {
            _error.WriteLine(diagnostic.ToString());
        }
    }
}
