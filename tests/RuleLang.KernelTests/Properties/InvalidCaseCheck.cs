using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Backends.Iptables;
using RuleLang.Checker;
using RuleLang.KernelTests.Support;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;

namespace RuleLang.KernelTests.Properties;

/// <summary>
/// The property of a policy with one injected defect: the checker reports the defect's diagnostic ID, and every
/// error it reports points at the defect (line <see cref="InvalidCase.DefectLine"/>), so nothing else was
/// broken. Where the kernel's verdict is known, the IPv4 and IPv6 rulesets rendered regardless of the checker
/// (<see cref="IptablesBackend.Render(Policy, IpFamily)"/>) are loaded after those of the same policy without the
/// defect: the controls must load, and iptables-restore or ip6tables-restore must refuse the defective ones (the
/// defect may sit in a chain only one family reaches; a loop no hook reaches is not refused), or both must accept
/// them where RuleLang is stricter on purpose.
/// </summary>
public static class InvalidCaseCheck
{
    public static PropertyFailure? Check(InvalidCase c, KernelSlot slot)
    {
        IReadOnlyList<PolicyDiagnostic> diagnostics = PolicyChecker.Check(c.Policy);
        PolicyDiagnostic[] errors = diagnostics.Where(d => d.IsError).ToArray();
        string all = diagnostics.Count == 0 ? "(no diagnostics)" : string.Join("\n", diagnostics);
        if (!errors.Any(e => e.Id == c.ExpectedId))
        {
            return new PropertyFailure($"checker missed {c.ExpectedId} ({c.Defect})", all);
        }

        PolicyDiagnostic[] elsewhere = errors.Where(e => e.Location.Line != InvalidCase.DefectLine).ToArray();
        if (elsewhere.Length > 0)
        {
            return new PropertyFailure($"checker error away from the defect ({c.Defect})", all);
        }

        if (c.KernelRefuses is not { } refuses)
        {
            return null;
        }

        var loads = new List<RulesetLoad>();
        try
        {
            foreach (Policy policy in new[] { c.Base, c.Policy })
            {
                loads.Add(new RulesetLoad(RulesetTool.IptablesRestore, Render(policy, IpFamily.IPv4)));
                loads.Add(new RulesetLoad(RulesetTool.Ip6tablesRestore, Render(policy, IpFamily.IPv6)));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new PropertyFailure($"iptables back end could not render the defect ({c.Defect})", e.ToString());
        }

        IReadOnlyList<LoadOutcome> outcomes = slot.Load(loads);
        foreach (LoadOutcome control in outcomes.Take(2).Where(o => !o.Accepted))
        {
            return new PropertyFailure($"{control.Load.ToolName} refused the policy without the defect", $"{control.Output}\n{KernelRulesets.Numbered(control.Load.Text)}");
        }

        LoadOutcome[] defective = outcomes.Skip(2).ToArray();
        if (refuses && defective.All(o => o.Accepted))
        {
            return new PropertyFailure($"iptables-restore and ip6tables-restore accepted a defect they should refuse ({c.Defect})",
                string.Join("\n", defective.Select(o => $"{o.Load.ToolName}:\n{KernelRulesets.Numbered(o.Load.Text)}")));
        }

        if (!refuses && defective.FirstOrDefault(o => !o.Accepted) is { } refused)
        {
            return new PropertyFailure($"{refused.Load.ToolName} refused a defect it should accept (RuleLang is stricter on purpose) ({c.Defect})",
                $"{refused.Output}\n{KernelRulesets.Numbered(refused.Load.Text)}");
        }

        return null;
    }

    private static string Render(Policy policy, IpFamily family) =>
        IptablesBackend.Render(FamilyProjection.Project(PolicyLowering.Lower(policy), family), family);
}
