using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using RuleLang.Compiler;

namespace RuleLang.Cli;

/// <summary>rulelang check | emit: compile the policies of built assemblies.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var assemblies = new Argument<string[]>("assemblies") { Description = "Built assemblies (.dll) that define policies", Arity = ArgumentArity.OneOrMore };
        var policy = new Option<string?>("--policy") { Description = "Only the policy with this name" };
        var formats = new Option<string[]>("--format", "-f")
        {
            Description = "iptables, ip6tables, nft (repeatable; default iptables and ip6tables, ip6tables only for policies that use IPv6; nft only when asked for)",
            AllowMultipleArgumentsPerToken = true,
        };
        formats.AcceptOnlyFromAmong("iptables", "ip6tables", "nft");
        var outDir = new Option<string?>("--out", "-o") { Description = "Folder to write the rulesets to; without it they are printed" };

        var check = new Command("check", "Check the policies and report diagnostics") { assemblies, policy };
        check.SetAction(result =>
        {
            new CompileSession(Console.Out, Console.Error).Compile(result.GetValue(assemblies)!, result.GetValue(policy), PolicyCompiler.DefaultFormats, out bool failed);
            return failed ? 1 : 0;
        });

        var emit = new Command("emit", "Check the policies and emit their rulesets") { assemblies, policy, formats, outDir };
        emit.SetAction(result => Emit(result.GetValue(assemblies)!, result.GetValue(policy), result.GetValue(formats), result.GetValue(outDir)));

        var root = new RootCommand("RuleLang: typed firewall policy, compiled to iptables-restore rulesets") { check, emit };
        return root.Parse(args).Invoke();
    }

    private static int Emit(string[] assemblies, string? policy, string[]? formatNames, string? outDir)
    {
        var formats = formatNames is { Length: > 0 }
            ? formatNames.Select(ParseFormat).Distinct().ToArray()
            : PolicyCompiler.DefaultFormats;
        var results = new CompileSession(Console.Out, Console.Error).Compile(assemblies, policy, formats, out bool failed);
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
        return 0;
    }

    private static RulesetFormat ParseFormat(string name) => name switch
    {
        "iptables" => RulesetFormat.Iptables,
        "nft" => RulesetFormat.Nft,
        _ => RulesetFormat.Ip6tables,
    };
}
