using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Checker;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.KernelTests.Properties;

/// <summary>Why a case failed its property: the stage (kept while shrinking, so a shrunk case fails the same way) and the evidence.</summary>
public sealed record PropertyFailure(string Stage, string Detail)
{
    public override string ToString() => $"{Stage}: {Detail}";
}

/// <summary>
/// The property of a valid policy: the checker reports no error; <see cref="PolicyCompiler.Compile"/> with
/// iptables, ip6tables and nft succeeds; the kernel accepts every emitted ruleset (iptables-restore,
/// ip6tables-restore, nft -f; the ip6tables ruleset is also compiled alone when the policy would not emit one,
/// so family-neutral rules always meet ip6tables too); and what the kernel holds afterwards is what was emitted
/// (iptables-save prints the emitted rule lines, <c>nft list table</c> the emitted script up to
/// <see cref="NftNormalForm"/>), the round trip the back ends promise.
/// </summary>
public static class ValidCaseCheck
{
    private static readonly RulesetFormat[] AllFormats = { RulesetFormat.Iptables, RulesetFormat.Ip6tables, RulesetFormat.Nft };

    public static PropertyFailure? Check(Policy policy, KernelSlot slot)
    {
        IReadOnlyList<PolicyDiagnostic> diagnostics = PolicyChecker.Check(policy);
        PolicyDiagnostic[] errors = diagnostics.Where(d => d.IsError).ToArray();
        if (errors.Length > 0)
        {
            return new PropertyFailure("checker error on a generated policy", string.Join("\n", errors.Select(e => e.ToString())));
        }

        List<EmittedRuleset> rulesets;
        try
        {
            CompilationResult result = PolicyCompiler.Compile(policy, AllFormats);
            if (!result.Succeeded)
            {
                return new PropertyFailure("compile error", string.Join("\n", result.Diagnostics.Where(d => d.IsError)));
            }

            rulesets = result.Rulesets.ToList();
            if (!rulesets.Any(r => r.Format == RulesetFormat.Ip6tables))
            {
                rulesets.AddRange(PolicyCompiler.Compile(policy, new[] { RulesetFormat.Ip6tables }).Rulesets);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new PropertyFailure("compile threw", e.ToString());
        }

        var loads = rulesets.Select(r => r.Format switch
        {
            RulesetFormat.Iptables => new RulesetLoad(RulesetTool.IptablesRestore, r.Text),
            RulesetFormat.Ip6tables => new RulesetLoad(RulesetTool.Ip6tablesRestore, r.Text),
            _ => new RulesetLoad(RulesetTool.Nft, r.Text, policy.Name),
        }).ToArray();
        IReadOnlyList<LoadOutcome> outcomes = slot.Load(loads);
        foreach (LoadOutcome o in outcomes)
        {
            if (!o.Accepted)
            {
                return new PropertyFailure($"{o.Load.ToolName} refused the emitted ruleset", $"{o.Output}\n{KernelRulesets.Numbered(o.Load.Text)}");
            }
        }

        foreach (LoadOutcome o in outcomes)
        {
            if (o.Load.Tool == RulesetTool.Nft)
            {
                IReadOnlyList<string> expected = NftNormalForm.TableLines(o.Load.Text, policy.Name);
                IReadOnlyList<string> listed = NftNormalForm.TableLines(o.SavedBack, policy.Name);
                if (!expected.SequenceEqual(listed))
                {
                    return new PropertyFailure("nft list differs from the emitted script", $"- emitted, + listed:\n{KernelRulesets.Diff(expected, listed)}");
                }
            }
            else
            {
                IReadOnlyList<string> expected = IptablesText.RuleLines(o.Load.Text);
                IReadOnlyList<string> saved = IptablesText.RuleLines(o.SavedBack);
                if (!expected.SequenceEqual(saved))
                {
                    string save = o.Load.Tool == RulesetTool.IptablesRestore ? "iptables-save" : "ip6tables-save";
                    return new PropertyFailure($"{save} differs from the emitted ruleset", $"- emitted, + saved:\n{KernelRulesets.Diff(expected, saved)}");
                }
            }
        }

        return null;
    }
}
