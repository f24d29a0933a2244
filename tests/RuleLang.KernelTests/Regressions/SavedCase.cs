using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using RuleLang.KernelTests.Properties;
using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.KernelTests.Regressions;

/// <summary>
/// Marks a method of <see cref="SavedCases"/> as a case a property run found and shrank: a valid policy that
/// failed <see cref="ValidCaseCheck"/> (Defect null), or a policy with an injected defect that failed
/// <see cref="InvalidCaseCheck"/>. <see cref="RegressionKernelTests"/> runs every one. A case whose bug is
/// reported but not fixed yet names it in <see cref="KnownIssue"/>: its test is then reported as ignored, with
/// the issue, for as long as it still fails the same way.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SavedCaseAttribute(string stage) : Attribute
{
    /// <summary>The stage at which the case failed when it was found.</summary>
    public string Stage { get; } = stage;

    /// <summary>For an invalid case: the defect, as <see cref="InvalidPolicyGen"/> names it.</summary>
    public string? Defect { get; set; }

    public string? ExpectedId { get; set; }

    /// <summary>For an invalid case: "refuses", "accepts" or "" (not asserted).</summary>
    public string Kernel { get; set; } = "";

    public string? KnownIssue { get; set; }
}

/// <summary>The saved cases: one file each in this folder, written by <see cref="RegressionWriter"/> (partial class).</summary>
public static partial class SavedCases
{
    /// <summary>A user chain marked as part of an injected defect (line <see cref="InvalidCase.DefectLine"/>).</summary>
    public static Chain DefectChain(string name, params Rule[] rules) =>
        Chain.User(name, rules, new SourceLocation(ValidPolicyGen.SourceFile, InvalidCase.DefectLine, 1));

    public static IEnumerable<(string Name, SavedCaseAttribute Info, Func<Policy> Build)> All() =>
        typeof(SavedCases).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => (Method: m, Info: m.GetCustomAttribute<SavedCaseAttribute>()))
            .Where(x => x.Info is not null)
            .OrderBy(x => x.Method.Name, StringComparer.Ordinal)
            .Select(x => (x.Method.Name, x.Info!, (Func<Policy>)(() => (Policy)x.Method.Invoke(null, null)!)));

    /// <summary>The policy without its defect: rules on the defect line, and chains made only of them, removed.</summary>
    public static Policy WithoutDefect(Policy policy) => policy with
    {
        Tables = policy.Tables.Select(t => t with
        {
            Chains = t.Chains
                .Where(c => c.IsBuiltin || c.Location.Line != InvalidCase.DefectLine)
                .Select(c => c with { Rules = c.Rules.Where(r => r.Location.Line != InvalidCase.DefectLine).ToArray() })
                .ToArray(),
        }).ToArray(),
    };
}
