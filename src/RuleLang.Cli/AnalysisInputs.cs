using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Compiler;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Cli;

/// <summary>
/// Loads one policy for an analysis command (matrix, diff) as check does: from an assembly, a .rl file or dumps,
/// checked and lowered; diagnostics go to stderr, and a policy with an error is not analysed.
/// </summary>
public static class AnalysisInputs
{
    public static bool TryLoadOne(IEnumerable<string> inputs, string? onlyPolicy, string? from, TextWriter error, out Policy lowered)
    {
        lowered = null!;
        var loaded = new List<LoadedPolicy>();
        var diagnostics = new List<PolicyDiagnostic>();
        if (!new PolicyInputs(error).TryLoad(inputs, onlyPolicy, from, loaded, diagnostics))
        {
            return false;
        }
        foreach (var diagnostic in diagnostics)
        {
            error.WriteLine(diagnostic);
        }
        if (diagnostics.Any(d => d.IsError))
        {
            return false;
        }
        if (loaded.Count != 1)
        {
            error.WriteLine(loaded.Count == 0
                ? onlyPolicy is null ? "rulelang: no policy in " + string.Join(", ", inputs) : $"rulelang: no policy named '{onlyPolicy}'"
                : $"rulelang: {loaded.Count} policies ({string.Join(", ", loaded.Select(p => p.Policy.Name))}); choose one with --policy NAME");
            return false;
        }
        var compiled = PolicyCompiler.Compile(loaded[0].Policy, PolicyCompiler.DefaultFormats);
        foreach (var diagnostic in compiled.Diagnostics)
        {
            error.WriteLine(diagnostic);
        }
        if (!compiled.Succeeded || compiled.Lowered is null)
        {
            return false;
        }
        lowered = compiled.Lowered;
        return true;
    }
}
