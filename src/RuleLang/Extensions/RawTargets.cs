using System.Runtime.CompilerServices;
using RuleLang.Model.Targets;

namespace RuleLang;

/// <summary>Targets the kernel allows in the raw table only: it runs before connection tracking.</summary>
public static class RawTargets
{
    /// <summary><c>CT --notrack</c>: exempt the packet from connection tracking.</summary>
    public static void Notrack<THook>(
        this RuleBuilder<Raw, THook> rule,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IHook =>
        rule.Append(NotrackTarget.Instance, file, line);
}
