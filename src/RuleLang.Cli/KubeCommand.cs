using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Importers.Kubernetes;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Cli;

/// <summary>
/// rulelang kube: the JSON of `kubectl get services,endpointslices -A -o json` and this node's settings → the
/// rulesets kube-proxy's model of that node gives. Import, check and emit run as for `emit`: diagnostics in
/// MSBuild's format, nothing written when anything is an error, each file written through a temporary name.
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
        byte[] json;
        try
        {
            json = File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _error.WriteLine($"rulelang: cannot read {file}: {ex.Message}");
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
        var written = RulesetWriter.Write(outDir, result.Rulesets);
        foreach (var ruleset in result.Rulesets)
        {
            string path = Path.Combine(outDir, ruleset.FileName);
            _out.WriteLine((written.Contains(path) ? "wrote " : "unchanged ") + path);
        }
        return 0;
    }

    private void Report(IEnumerable<PolicyDiagnostic> diagnostics)
    {
        // Where `emit` prints them (CompileSession), so a CI log reads the same for both commands.
        foreach (var diagnostic in diagnostics)
        {
            _out.WriteLine(diagnostic.ToString());
        }
    }
}
