using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RuleLang.Compiler.Files;
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
    private readonly IReadOnlyList<string> _includeDirs;

    /// <param name="includeDirs">Folders (--include-dir) whose files a .rl file may include, beside its own folder's tree.</param>
    public PolicyInputs(TextWriter error, IReadOnlyList<string>? includeDirs = null)
    {
        _error = error;
        _includeDirs = includeDirs ?? Array.Empty<string>();
    }

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
            // Before anything opens it: an assembly loader or a reader would block on a FIFO for good.
            if (BoundedFile.Refusal(path, BoundedFile.InputLimit, new Model.SourceLocation(path, 0, 0)) is { } refusal)
            {
                _error.WriteLine(refusal);
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
                    var parsed = RlParser.Parse(rl, path, new FileSourceResolver(IncludeFolders(path)));
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

    /// <summary>A policy input's text: a regular file of bounded size (a FIFO or /dev/zero is refused, never read), in strict UTF-8.</summary>
    /// <param name="notUtf8">The diagnostic for bytes that are not UTF-8 (RL0213 for a dump, RL0415 for .rl).</param>
    public bool TryRead(string path, DiagnosticDescriptor notUtf8, out string text)
    {
        text = "";
        if (!BoundedFile.TryRead(path, BoundedFile.InputLimit, null, out byte[] bytes, out var refusal))
        {
            _error.WriteLine(refusal);
            return false;
        }
        if (!Utf8Input.TryDecode(bytes, path, notUtf8, out text, out var notText))
        {
            _error.WriteLine(notText);
            return false;
        }
        return true;
    }

    /// <summary>The tree of the .rl file's own folder, and the folders allowed with --include-dir.</summary>
    private IEnumerable<string> IncludeFolders(string rlFile) =>
        new[] { Path.GetDirectoryName(Path.GetFullPath(rlFile)) ?? "/" }.Concat(_includeDirs);
}
