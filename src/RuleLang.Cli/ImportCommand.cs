using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RuleLang.Checker;
using RuleLang.Compiler;
using RuleLang.Compiler.Files;
using RuleLang.Importers.Iptables;
using RuleLang.Importers.Nftables;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;
using RuleLang.SourceWriters;

namespace RuleLang.Cli;

/// <summary>
/// rulelang import: iptables-save dumps or an `nft list ruleset` listing → readable .rl or C# source. Printed to stdout, the source is given even
/// when lines could not be imported, because an import that drops everything on the first unsupported rule would
/// help nobody: each such line is in the source as a comment where it stood, and reported on stderr in MSBuild's
/// format. The exit code is 1 when anything was left out or is an error, so a script cannot mistake a partial
/// import for a complete one; and --out writes a file (through a temporary file renamed over the target; RL0704 when
/// it cannot be written) only when there is no error, so a failed run leaves the old file as it was. A bad --name or --namespace is refused
/// before anything is read, since either is written into the source as code.
/// </summary>
public sealed class ImportCommand
{
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public ImportCommand(TextWriter output, TextWriter error)
    {
        _out = output;
        _error = error;
    }

    public int Run(IReadOnlyList<string> paths, string to, string? outFile, string? name, string? @namespace, string? from)
    {
        if (OptionErrors(name, @namespace) is { Count: > 0 } refused)
        {
            foreach (var diagnostic in refused)
            {
                _error.WriteLine(diagnostic.ToString());
            }
            return 1;
        }
        var inputs = new PolicyInputs(_error);
        var dumps = new List<DumpSource>();
        var nftRulesets = new List<(string Path, string Text)>();
        foreach (string path in paths)
        {
            if (!File.Exists(path))
            {
                _error.WriteLine($"rulelang: {path}: no such file");
                return 1;
            }
            var kind = InputFiles.Classify(path, from) ?? (from is null ? InputKind.IptablesDump : null);
            if (kind is not (InputKind.IptablesDump or InputKind.Ip6tablesDump))
            {
                _error.WriteLine($"rulelang: {path}: import reads iptables-save or ip6tables-save output (.rules, .iptables, .ip6tables, or --from)");
                return 1;
            }
            if (!inputs.TryRead(path, DiagnosticCatalog.DumpNotUtf8, out string text))
            {
                return 1;
            }
            // An nft ruleset is told apart by what it says (`table inet …`), so no flag is needed for it.
            if (from is null && NftRulesetImporter.LooksLikeNftRuleset(text))
            {
                nftRulesets.Add((path, text));
                continue;
            }
            dumps.Add(new DumpSource(text, path, kind == InputKind.IptablesDump ? IpFamily.IPv4 : IpFamily.IPv6));
        }
        if (nftRulesets.Count > 0 && paths.Count > 1)
        {
            _error.WriteLine($"rulelang: {nftRulesets[0].Path}: an nft ruleset holds both families already; import it alone");
            return 1;
        }

        string policyName = name ?? InputFiles.PolicyNameFor(paths[0]);
        var imported = nftRulesets.Count > 0
            ? NftRulesetImporter.Import(nftRulesets[0].Text, nftRulesets[0].Path, policyName)
            : IptablesDumpImporter.Import(dumps, policyName);
        var diagnostics = new List<PolicyDiagnostic>(imported.Diagnostics);
        if (nftRulesets.Count == 0 && IptablesDumpImporter.FamilyWidening(imported.Policy, dumps) is { } widening)
        {
            diagnostics.Add(widening);
        }
        // The checker's findings about what was imported (a jump loop, a rule that can never match) belong here too.
        diagnostics.AddRange(PolicyCompiler.Compile(imported.Policy, new[] { RulesetFormat.Iptables }).Diagnostics);

        var options = new SourceWriterOptions
        {
            Origin = $"Imported from {string.Join(" and ", paths.Select(Path.GetFileName))} by rulelang import",
            Unwritten = imported.Unimported.Select(u => new UnwrittenLine(u.Location, u.Table, u.Chain, u.Text)).ToArray(),
        };
        var written = to == "csharp"
            ? CSharpSourceWriter.Write(imported.Policy, @namespace ?? "ImportedPolicies", ClassNameFor(policyName), options)
            : RlSourceWriter.Write(imported.Policy, options);
        diagnostics.AddRange(written.Diagnostics);

        foreach (var diagnostic in diagnostics)
        {
            _error.WriteLine(diagnostic.ToString());
        }
        bool failed = diagnostics.Any(d => d.IsError);
        int left = imported.Unimported.Count + written.Diagnostics.Count(d => d.IsError);
        if (outFile is null)
        {
            _out.Write(written.Text);
            if (left > 0)
            {
                _error.WriteLine($"rulelang: {left} line(s) could not be imported; they are listed as comments in the source");
            }
        }
        else if (failed)
        {
            _error.WriteLine($"rulelang: {outFile} was not written because of the errors above; run without --out to see the source with what could not be imported as comments");
        }
        else
        {
            try
            {
                OutputFileSet.Write(new[] { new OutputFile(outFile, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(written.Text)) });
                _error.WriteLine($"wrote {outFile}");
            }
            catch (FileDiagnosticException notWritten)
            {
                _error.WriteLine(notWritten.Diagnostic.ToString());
                return 1;
            }
        }
        return failed ? 1 : 0;
    }

    /// <summary>RL0112 for a --name that is not a policy name, RL0720 for a --namespace that is not a C# namespace.</summary>
    private static IReadOnlyList<PolicyDiagnostic> OptionErrors(string? name, string? @namespace)
    {
        var bag = new DiagnosticBag();
        if (name is not null)
        {
            ValueRules.CheckPolicyName(name, new SourceLocation("--name", 0, 0), bag);
        }
        var errors = new List<PolicyDiagnostic>(bag.Items);
        if (@namespace is not null && !CSharpSourceWriter.IsNamespace(@namespace))
        {
            errors.Add(PolicyDiagnostic.Create(DiagnosticCatalog.InvalidNamespaceOption, new SourceLocation("--namespace", 0, 0), ValueRules.Printable(@namespace)));
        }
        return errors;
    }

    /// <summary>web-server → WebServerPolicy.</summary>
    public static string ClassNameFor(string policyName)
    {
        var name = new StringBuilder();
        bool upper = true;
        foreach (char c in policyName)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                upper = true;
                continue;
            }
            name.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            name.Insert(0, "Imported");
        }
        return name.Append("Policy").ToString();
    }
}
