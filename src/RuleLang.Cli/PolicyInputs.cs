using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Importers.Iptables;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;
using RuleLang.Text;

namespace RuleLang.Cli;

/// <summary>
/// Turns the files on the command line into policies: assemblies by their policy classes, each .rl file into
/// one policy, and the dumps together into one policy (an iptables dump and an ip6tables dump of one host merge
/// into a dual-stack policy named after the first). Problems are diagnostics; only unreadable files are errors
/// printed here.
/// </summary>
public sealed class PolicyInputs
{
    private readonly TextWriter _error;

    public PolicyInputs(TextWriter error) => _error = error;

    /// <returns>False when a file is missing, unreadable or of an unknown kind (already printed).</returns>
    public bool TryLoad(IEnumerable<string> paths, string? onlyPolicy, string? from, List<LoadedPolicy> policies, List<PolicyDiagnostic> diagnostics)
    {
        var dumps = new List<DumpSource>();
        foreach (string path in paths)
        {
            if (!File.Exists(path))
            {
                _error.WriteLine($"rulelang: {path}: no such file");
                return false;
            }
            var kind = InputFiles.Classify(path, from);
            switch (kind)
            {
                case InputKind.Assembly:
                    try
                    {
                        policies.AddRange(PolicyLoader.Load(path, onlyPolicy, diagnostics));
                    }
                    catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or TypeLoadException or FileNotFoundException)
                    {
                        _error.WriteLine($"rulelang: cannot load {path}: {ex.Message}");
                        return false;
                    }
                    break;
                case InputKind.RlFile:
                    if (!TryRead(path, DiagnosticCatalog.RlNotUtf8, out string rl))
                    {
                        return false;
                    }
                    var parsed = RlParser.Parse(rl, path, new FileSourceResolver());
                    diagnostics.AddRange(parsed.Diagnostics);
                    if (parsed.Policy is { } policy && (onlyPolicy is null || policy.Name == onlyPolicy))
                    {
                        policies.Add(new LoadedPolicy(path, policy));
                    }
                    break;
                case InputKind.IptablesDump:
                case InputKind.Ip6tablesDump:
                    if (!TryRead(path, DiagnosticCatalog.DumpNotUtf8, out string dump))
                    {
                        return false;
                    }
                    dumps.Add(new DumpSource(dump, path, kind == InputKind.IptablesDump ? IpFamily.IPv4 : IpFamily.IPv6));
                    break;
                default:
                    _error.WriteLine($"rulelang: {path}: not a .dll, .rl or dump file; name dumps .rules, .iptables or .ip6tables, or say --from iptables|ip6tables");
                    return false;
            }
        }
        if (dumps.Count > 0)
        {
            var imported = IptablesDumpImporter.Import(dumps, InputFiles.PolicyNameFor(dumps[0].Path));
            diagnostics.AddRange(imported.Diagnostics);
            if (onlyPolicy is null || imported.Policy.Name == onlyPolicy)
            {
                policies.Add(new LoadedPolicy(string.Join(" + ", dumps.Select(d => d.Path)), imported.Policy));
            }
        }
        return true;
    }

    /// <param name="notUtf8">The diagnostic for bytes that are not UTF-8 (RL0213 for a dump, RL0415 for .rl).</param>
    public bool TryRead(string path, DiagnosticDescriptor notUtf8, out string text)
    {
        try
        {
            if (!Utf8Input.TryDecode(File.ReadAllBytes(path), path, notUtf8, out text, out var problem))
            {
                _error.WriteLine(problem);
                return false;
            }
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _error.WriteLine($"rulelang: cannot read {path}: {ex.Message}");
            text = "";
            return false;
        }
    }
}
