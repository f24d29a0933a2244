using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Compiler;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Cli;

/// <summary>
/// rulelang lockout-check INPUT... [--keep …] [--netns NS]: the proof apply runs before it touches the kernel,
/// on its own (a pre-flight before loading rulesets by other means, or in a pipeline). Loads and compiles the
/// policies as emit does; prints nothing on stdout; exits 0 when every connection is kept, 1 otherwise.
/// </summary>
public sealed class LockoutCheckCommand
{
    private readonly TextWriter _error;
    private readonly HostTools _tools;
    private readonly System.Func<string, string?>? _environment;

    public LockoutCheckCommand(TextWriter error, HostTools tools, System.Func<string, string?>? environment = null)
    {
        _error = error;
        _tools = tools;
        _environment = environment;
    }

    public int Run(IEnumerable<string> inputs, string? onlyPolicy, string? from, LockoutOptions options)
    {
        var loaded = new List<LoadedPolicy>();
        var diagnostics = new List<PolicyDiagnostic>();
        if (!new PolicyInputs(_error).TryLoad(inputs, onlyPolicy, from, loaded, diagnostics))
        {
            return 1;
        }
        var policies = new List<Policy>();
        foreach (var policy in loaded.Select(l => l.Policy))
        {
            // The proof is of what the back ends would load: a policy they refuse is not proved.
            var compiled = PolicyCompiler.Compile(policy, PolicyCompiler.DefaultFormats);
            diagnostics.AddRange(compiled.Diagnostics);
            if (compiled.Succeeded)
            {
                policies.Add(policy);
            }
        }
        foreach (var diagnostic in SourceColumns.Resolve(diagnostics))
        {
            _error.WriteLine(diagnostic.ToString());
        }
        if (diagnostics.Any(d => d.IsError))
        {
            return 1;
        }
        if (policies.Count == 0)
        {
            _error.WriteLine(onlyPolicy is null ? "rulelang: no policy to check" : $"rulelang: no policy named '{onlyPolicy}'");
            return 1;
        }
        return new LockoutCheck(_error, _tools, _environment).MayProceed(policies, options) ? 0 : 1;
    }
}
