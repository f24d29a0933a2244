using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Analysis.Trace;
using RuleLang.Compiler;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Cli;

/// <summary>
/// rulelang trace INPUT... --packet "…": loads one policy as check and emit do, checks it, and prints the
/// packet's way through it (text or JSON) on stdout; diagnostics go to stderr so that the JSON stays clean.
/// </summary>
public sealed class TraceCommand
{
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public TraceCommand(TextWriter output, TextWriter error)
    {
        _out = output;
        _error = error;
    }

    public int Run(IEnumerable<string> inputs, string? onlyPolicy, string? from, string packetText, IReadOnlyList<string> local, IReadOnlyList<string> recent, string format)
    {
        var parsed = PacketParser.Parse(packetText, "--packet");
        if (parsed.Packet is not { } packet)
        {
            _error.WriteLine(parsed.Diagnostic);
            return 1;
        }
        var loaded = new List<LoadedPolicy>();
        var diagnostics = new List<PolicyDiagnostic>();
        if (!new PolicyInputs(_error).TryLoad(inputs, onlyPolicy, from, loaded, diagnostics))
        {
            return 1;
        }
        Report(diagnostics);
        if (diagnostics.Any(d => d.IsError))
        {
            return 1;
        }
        if (loaded.Count != 1)
        {
            _error.WriteLine(loaded.Count == 0
                ? onlyPolicy is null ? "rulelang: no policy to trace" : $"rulelang: no policy named '{onlyPolicy}'"
                : $"rulelang: {loaded.Count} policies ({string.Join(", ", loaded.Select(p => p.Policy.Name))}); choose one with --policy NAME");
            return 1;
        }
        var policy = loaded[0].Policy;
        // The trace follows what the back ends would load, so a policy they would refuse is not traced.
        var compiled = PolicyCompiler.Compile(policy, PolicyCompiler.DefaultFormats);
        Report(compiled.Diagnostics);
        if (!compiled.Succeeded)
        {
            return 1;
        }
        var options = new TraceOptions
        {
            LocalAddresses = local.Count == 0 ? null : local.SelectMany(l => l.Split(',')).Where(l => l.Length > 0).ToArray(),
            RecentLists = recent.SelectMany(r => r.Split(',')).Where(r => r.Length > 0).ToArray(),
        };
        var result = PacketTracer.Trace(policy, packet, options);
        if (result.Diagnostics.Count > 0)
        {
            Report(result.Diagnostics);
            return 1;
        }
        if (format == "json")
        {
            TraceJsonWriter.Write(result, _out, DisplayPath);
        }
        else
        {
            TraceTextWriter.Write(result, _out, DisplayPath);
        }
        return 0;
    }

    private void Report(IEnumerable<PolicyDiagnostic> diagnostics)
    {
        foreach (var diagnostic in SourceColumns.Resolve(diagnostics))
        {
            _error.WriteLine(diagnostic.ToString());
        }
    }

    /// <summary>Source files under the current folder are shown relative to it, as the user typed them.</summary>
    private static string DisplayPath(string path)
    {
        if (!Path.IsPathRooted(path))
        {
            return path;
        }
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
