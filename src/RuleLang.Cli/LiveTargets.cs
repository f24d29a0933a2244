using System;
using System.IO;
using System.Linq;
using RuleLang.Live;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Cli;

/// <summary>The checks apply and status share before they touch a kernel: the target, what the rulesets replace, root and tools.</summary>
public static class LiveTargets
{
    /// <summary>--netns NAME: a name `ip netns` made (under /run/netns); none means the host.</summary>
    public static bool TryParse(string? netns, string command, TextWriter error, out LiveTarget target)
    {
        target = new LiveTarget(netns);
        if (netns is null)
        {
            return true;
        }
        string? problem = !LiveTarget.IsValidNetnsName(netns) ? "is not a namespace name (letters, digits, '-', '_' and '.')"
            : !File.Exists(Path.Combine("/run/netns", netns)) ? "does not exist" : null;
        if (problem is null)
        {
            return true;
        }
        error.WriteLine(PolicyDiagnostic.Create(DiagnosticCatalog.NoSuchNetns, new SourceLocation("rulelang " + command, 0, 0), netns, problem));
        return false;
    }

    /// <summary>Every ruleset replaces only what it says: whole iptables tables, or its own chains merged into them (OwnedChains), and the nft tables a script declares.</summary>
    public static bool Applicable(LivePolicy policy, TextWriter error)
    {
        bool ok = true;
        foreach (var ruleset in policy.Rulesets)
        {
            var where = new SourceLocation(Path.Combine(policy.Origin, ruleset.FileName), 0, 0);
            if (ruleset.Family == LiveFamily.Nft)
            {
                try
                {
                    NftScript.DeclaredTables(ruleset.Text);
                }
                catch (NftScriptException e)
                {
                    error.WriteLine(PolicyDiagnostic.Create(DiagnosticCatalog.NftScriptNotApplicable, where with { Line = e.Line, Column = 1 }, e.Message));
                    ok = false;
                }
            }
        }
        return ok;
    }

    /// <summary>Root, and every tool the rulesets need (ip for --netns); each problem one diagnostic.</summary>
    public static bool Preflight(string command, LivePolicy? policy, LiveTarget target, TextWriter error)
    {
        var families = policy?.Rulesets.Select(r => r.Family) ?? Enumerable.Empty<LiveFamily>();
        var problems = Live.Preflight.Check(Environment.IsPrivilegedProcess, Live.Preflight.ToolsFor(families, target), Live.Preflight.FindTool);
        var where = new SourceLocation("rulelang " + command.Split(' ')[0], 0, 0);
        foreach (var problem in problems)
        {
            error.WriteLine(problem.Kind == PreflightProblemKind.NotRoot
                ? PolicyDiagnostic.Create(DiagnosticCatalog.NotRoot, where, command)
                : PolicyDiagnostic.Create(DiagnosticCatalog.ToolMissing, where, problem.Tool, command, Live.Preflight.PackageOf(problem.Tool)));
        }
        return problems.Count == 0;
    }
}
