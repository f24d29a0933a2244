using System.Runtime.CompilerServices;
using RuleLang.Model.Targets;

namespace RuleLang;

/// <summary>Targets the kernel allows in the mangle table only: they rewrite header fields.</summary>
public static class MangleTargets
{
    /// <summary><c>DSCP --set-dscp</c>: the 6-bit class, 0 to 63.</summary>
    public static void Dscp<THook>(
        this RuleBuilder<Mangle, THook> rule,
        int value,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IHook =>
        rule.Append(new DscpTarget(value), file, line);
}
