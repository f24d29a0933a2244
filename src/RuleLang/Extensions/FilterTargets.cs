using System.Runtime.CompilerServices;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang;

/// <summary>Targets the kernel allows in the filter table only.</summary>
public static class FilterTargets
{
    /// <summary><c>REJECT --reject-with</c>: drop, and tell the sender.</summary>
    public static void Reject<THook>(
        this RuleBuilder<Filter, THook> rule,
        RejectWith with = RejectWith.PortUnreachable,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IHook =>
        rule.Append(new RejectTarget(with), file, line);
}
