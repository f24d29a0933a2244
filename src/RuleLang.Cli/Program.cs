using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using RuleLang.Compiler;

namespace RuleLang.Cli;

/// <summary>rulelang check | emit | verify | accept: compile the policies of built assemblies.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var assemblies = new Argument<string[]>("assemblies") { Description = "Built assemblies (.dll) that define policies", Arity = ArgumentArity.OneOrMore };
        var policy = new Option<string?>("--policy") { Description = "Only the policy with this name" };
        var formats = new Option<string[]>("--format", "-f")
        {
            Description = "iptables, ip6tables, nft (repeatable; default iptables and ip6tables, ip6tables only for policies that use IPv6 or drop by default; nft only when asked for)",
            AllowMultipleArgumentsPerToken = true,
        };
        formats.AcceptOnlyFromAmong("iptables", "ip6tables", "nft");
        var outDir = new Option<string?>("--out", "-o") { Description = "Folder to write the rulesets to; without it they are printed" };
        var rulesetsDir = new Option<string>("--rulesets", "-r") { Description = "The committed rulesets folder", Required = true };
        var acceptHint = new Option<string?>("--accept-command") { Description = "The command to print for accepting a change (the build passes its own)" };
        var acceptDir = new Option<string>("--out", "-o") { Description = "The rulesets folder to bring up to date", Required = true };

        var check = new Command("check", "Check the policies and report diagnostics") { assemblies, policy, formats };
        check.SetAction(result =>
        {
            Session().Compile(result.GetValue(assemblies)!, result.GetValue(policy), Formats(result.GetValue(formats)), out bool failed);
            return failed ? 1 : 0;
        });

        var emit = new Command("emit", "Check the policies and emit their rulesets") { assemblies, policy, formats, outDir };
        emit.SetAction(result => Emit(result.GetValue(assemblies)!, result.GetValue(policy), Formats(result.GetValue(formats)), result.GetValue(outDir), prune: false));

        var verify = new Command("verify", "Fail with a diff when the committed rulesets differ from what the policies emit") { assemblies, policy, formats, rulesetsDir, acceptHint };
        verify.SetAction(result => Verify(
            result.GetValue(assemblies)!, result.GetValue(policy), Formats(result.GetValue(formats)), result.GetValue(rulesetsDir)!, result.GetValue(acceptHint)));

        var accept = new Command("accept", "Write what the policies emit now over the committed rulesets, removing stale ones") { assemblies, policy, formats, acceptDir };
        accept.SetAction(result => Emit(result.GetValue(assemblies)!, result.GetValue(policy), Formats(result.GetValue(formats)), result.GetValue(acceptDir), prune: true));

        var root = new RootCommand("RuleLang: typed firewall policy, compiled to iptables-restore rulesets and nft scripts") { check, emit, verify, accept };
        return root.Parse(args).Invoke();
    }

    private static CompileSession Session() => new(Console.Out, Console.Error);

    private static RulesetFormat[] Formats(string[]? names) => names is { Length: > 0 }
        ? names.Select(ParseFormat).Distinct().ToArray()
        : PolicyCompiler.DefaultFormats.ToArray();

    private static RulesetFormat ParseFormat(string name) => name switch
    {
        "iptables" => RulesetFormat.Iptables,
        "ip6tables" => RulesetFormat.Ip6tables,
        _ => RulesetFormat.Nft,
    };

    private static int Emit(string[] assemblies, string? policy, RulesetFormat[] formats, string? outDir, bool prune)
    {
        var results = Session().Compile(assemblies, policy, formats, out bool failed);
        if (failed)
        {
            // All or nothing: one broken policy must not leave the folder half updated.
            return 1;
        }
        var rulesets = results.SelectMany(r => r.Rulesets).ToArray();
        if (outDir is null)
        {
            foreach (var ruleset in rulesets)
            {
                Console.Out.Write(ruleset.Text);
            }
            return 0;
        }
        var written = RulesetWriter.Write(outDir, rulesets);
        foreach (var ruleset in rulesets)
        {
            string path = Path.Combine(outDir, ruleset.FileName);
            Console.Out.WriteLine((written.Contains(path) ? "wrote " : "unchanged ") + path);
        }
        // Pruning applies to a whole folder, so only when every policy of the project was compiled.
        if (prune && policy is null)
        {
            foreach (string deleted in RulesetWriter.Prune(outDir, rulesets))
            {
                Console.Out.WriteLine("removed " + deleted);
            }
        }
        return 0;
    }

    private static int Verify(string[] assemblies, string? policy, RulesetFormat[] formats, string rulesetsDir, string? acceptCommand)
    {
        var results = Session().Compile(assemblies, policy, formats, out bool failed);
        if (failed)
        {
            return 1;
        }
        var rulesets = results.SelectMany(r => r.Rulesets).ToArray();
        var drifts = RulesetVerifier.Verify(rulesetsDir, rulesets);
        if (policy != null)
        {
            drifts = drifts.Where(d => d.Kind != DriftKind.Stale).ToArray();
        }
        if (drifts.Count == 0)
        {
            Console.Out.WriteLine($"rulesets in {rulesetsDir} are up to date ({rulesets.Length} files)");
            return 0;
        }
        foreach (var drift in drifts)
        {
            // MSBuild's error format, so a CI log links the file; the diff follows as plain lines.
            string what = drift.Kind switch
            {
                DriftKind.Missing => "is not committed",
                DriftKind.Stale => "is committed but no policy emits it any more",
                _ => "differs from what the policy emits now",
            };
            var where = new Model.SourceLocation(Path.Combine(rulesetsDir, drift.FileName), 0, 0);
            Console.Out.WriteLine(Model.Diagnostics.PolicyDiagnostic.Create(Model.Diagnostics.DiagnosticCatalog.RulesetOutOfDate, where, drift.FileName, what));
            Console.Out.Write(drift.Diff);
        }
        string accept = acceptCommand ?? $"rulelang accept {string.Join(" ", assemblies)} --out {rulesetsDir}";
        Console.Out.WriteLine($"To accept these changes: {accept}");
        return 1;
    }
}
