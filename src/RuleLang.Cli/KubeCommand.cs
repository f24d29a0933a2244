using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Compiler.Files;
using RuleLang.Importers.Kubernetes;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Cli;

/// <summary>
/// rulelang kube: the JSON of `kubectl get services,endpointslices -A -o json` and this node's settings → the
/// rulesets kube-proxy's model of that node gives. Import, check and emit run as for `emit`: diagnostics in
/// MSBuild's format on stderr, nothing written when anything is an error, and the files written as one set (RulesetWriter).
/// </summary>
public sealed class KubeCommand
{
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public KubeCommand(TextWriter output, TextWriter error)
    {
        _out = output;
        _error = error;
    }

    public int Run(string file, IReadOnlyCollection<RulesetFormat> formats, string? outDir, KubeNodeSettings node, string? name, NftServiceLayout layout = NftServiceLayout.Compact, Model.Ownership ownership = Model.Ownership.OwnChains)
    {
        if (!File.Exists(file))
        {
            _error.WriteLine($"rulelang: {file}: no such file");
            return 1;
        }
        if (!BoundedFile.TryRead(file, BoundedFile.InputLimit, null, out byte[] json, out var refusal))
        {
            _error.WriteLine(refusal);
            return 1;
        }

        var imported = KubeClusterImporter.Import(json, file, name ?? InputFiles.PolicyNameFor(file), node);
        Report(imported.Diagnostics);
        if (!imported.Succeeded)
        {
            // A half-read cluster would program half its services: nothing is emitted.
            return 1;
        }
        // Own chains by default, as kube-proxy itself: the node's other owners (CNI, Docker) keep their rules.
        var result = PolicyCompiler.Compile(imported.Policy.WithDefaultOwnership(ownership), formats, layout);
        Report(result.Diagnostics);
        if (!result.Succeeded)
        {
            return 1;
        }
        if (outDir is null)
        {
            foreach (var ruleset in result.Rulesets)
            {
                _out.Write(ruleset.Text);
            }
            return 0;
        }
        IReadOnlyList<string> written;
        try
        {
            written = RulesetWriter.Write(outDir, result.Rulesets);
        }
        catch (FileDiagnosticException refused)
        {
            _error.WriteLine(refused.Diagnostic);
            return 1;
        }
        foreach (var ruleset in result.Rulesets)
        {
            string path = Path.Combine(outDir, ruleset.FileName);
            _error.WriteLine((written.Contains(path) ? "wrote " : "unchanged ") + path);
        }
        return 0;
    }

    private void Report(IEnumerable<PolicyDiagnostic> diagnostics)
    {
        // On stderr, as `emit` prints them (CompileSession): stdout is the rulesets a loader reads.
        foreach (var diagnostic in diagnostics)
        {
            _error.WriteLine(diagnostic.ToString());
        }
    }
}
