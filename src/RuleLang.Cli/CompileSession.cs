using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Compiler;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Cli;

/// <summary>Loads the policies named on the command line, compiles each, and reports in MSBuild's format.</summary>
public sealed class CompileSession
{
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public CompileSession(TextWriter output, TextWriter error)
    {
        _out = output;
        _error = error;
    }

    public IReadOnlyList<CompilationResult> Compile(IEnumerable<string> assemblies, string? onlyPolicy, IReadOnlyCollection<RulesetFormat> formats, out bool failed)
    {
        var loadDiagnostics = new List<PolicyDiagnostic>();
        var policies = new List<LoadedPolicy>();
        foreach (string path in assemblies)
        {
            if (!File.Exists(path))
            {
                _error.WriteLine($"rulelang: {path}: no such file");
                failed = true;
                return Array.Empty<CompilationResult>();
            }
            try
            {
                policies.AddRange(PolicyLoader.Load(path, onlyPolicy, loadDiagnostics));
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or TypeLoadException or FileNotFoundException)
            {
                _error.WriteLine($"rulelang: cannot load {path}: {ex.Message}");
                failed = true;
                return Array.Empty<CompilationResult>();
            }
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

        Report(loadDiagnostics);
        var results = policies.Select(p => PolicyCompiler.Compile(p.Policy, formats)).ToArray();
        foreach (var result in results)
        {
            Report(result.Diagnostics);
        }
        failed = loadDiagnostics.Any(d => d.IsError) || results.Any(r => !r.Succeeded);
        return results;
    }

    private void Report(IEnumerable<PolicyDiagnostic> diagnostics)
    {
        foreach (var diagnostic in SourceColumns.Resolve(diagnostics))
        {
            _out.WriteLine(diagnostic.ToString());
        }
    }
}
