using System.Runtime.CompilerServices;
using RuleLang.Model.Targets;

namespace RuleLang;

/// <summary>
/// TCPMSS: rewrite the maximum segment size a SYN announces. Typed on <c>Tcp()</c> rules, as the kernel takes it
/// for TCP only; the rule must also match the SYN (<c>Syn()</c> or <c>Flags</c> with SYN set), which the checker
/// enforces (RL1232).
/// </summary>
public static class TcpMssTargets
{
    /// <summary>
    /// <c>TCPMSS --clamp-mss-to-pmtu</c>: the route's MTU less the headers. Only where routing has chosen the
    /// route (FORWARD, OUTPUT, POSTROUTING), so other hooks do not compile.
    /// </summary>
    public static void ClampMssToPmtu<TTable, THook>(
        this TcpRule<TTable, THook> rule,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where TTable : ITable
        where THook : IHasOutInterface =>
        rule.Append(new TcpMssTarget(), file, line);

    /// <summary><c>TCPMSS --set-mss</c>: a fixed MSS, 0 to 65515 for IPv4 and to 65495 for IPv6.</summary>
    public static void SetMss<TTable, THook>(
        this TcpRule<TTable, THook> rule,
        int mss,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where TTable : ITable
        where THook : IHook =>
        rule.Append(new TcpMssTarget(mss), file, line);
}
