using System;
using System.Collections.Generic;
using System.Linq;

namespace RuleLang.Model.Netfilter;

/// <summary>
/// What the kernel fixes about tables and hooks. Every fact here is proved against a real kernel by the
/// kernel tests; change one only with a test that shows the kernel agrees.
/// </summary>
public static class NetfilterFacts
{
    // String limits are bytes of UTF-8, as the kernel's buffers hold them (each less its terminating NUL).
    public const int MaxInterfaceNameBytes = 15;
    public const int MaxChainNameBytes = 28;
    // The kernel's buffer is 256 bytes with the terminating NUL; iptables silently cuts longer comments, even
    // inside a character.
    public const int MaxCommentBytes = 255;
    public const int MaxMultiportEntries = 15;

    private static readonly Hook[] RawHooks = { Hook.Prerouting, Hook.Output };
    private static readonly Hook[] MangleHooks = { Hook.Prerouting, Hook.Input, Hook.Forward, Hook.Output, Hook.Postrouting };
    private static readonly Hook[] NatHooks = { Hook.Prerouting, Hook.Input, Hook.Output, Hook.Postrouting };
    private static readonly Hook[] FilterHooks = { Hook.Input, Hook.Forward, Hook.Output };

    /// <summary>Built-in chains of a table, in the order iptables-save lists them.</summary>
    public static IReadOnlyList<Hook> BuiltinHooks(TableKind table) => table switch
    {
        TableKind.Raw => RawHooks,
        TableKind.Mangle => MangleHooks,
        TableKind.Nat => NatHooks,
        TableKind.Filter => FilterHooks,
        TableKind.Security => FilterHooks,
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    public static bool HasBuiltinChain(TableKind table, Hook hook) => Array.IndexOf((Hook[])BuiltinHooks(table), hook) >= 0;

    public static string TableName(TableKind table) => table switch
    {
        TableKind.Raw => "raw",
        TableKind.Mangle => "mangle",
        TableKind.Nat => "nat",
        TableKind.Filter => "filter",
        TableKind.Security => "security",
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    public static string ChainName(Hook hook) => hook switch
    {
        Hook.Prerouting => "PREROUTING",
        Hook.Input => "INPUT",
        Hook.Forward => "FORWARD",
        Hook.Output => "OUTPUT",
        Hook.Postrouting => "POSTROUTING",
        _ => throw new ArgumentOutOfRangeException(nameof(hook)),
    };

    public static bool TryParseHook(string chainName, out Hook hook)
    {
        foreach (Hook candidate in (Hook[])Enum.GetValues(typeof(Hook)))
        {
            if (ChainName(candidate) == chainName)
            {
                hook = candidate;
                return true;
            }
        }
        hook = default;
        return false;
    }

    /// <summary>nftables priority of the base chain that stands for this table at a hook.</summary>
    public static int Priority(TableKind table, Hook hook) => table switch
    {
        TableKind.Raw => -300,
        TableKind.Mangle => -150,
        TableKind.Nat => hook is Hook.Prerouting or Hook.Output ? -100 : 100,
        TableKind.Filter => 0,
        TableKind.Security => 50,
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    /// <summary>The priority at which conntrack takes a packet in (PREROUTING and OUTPUT): after raw, before mangle.</summary>
    public const int ConntrackPriority = -200;

    /// <summary>
    /// The tables with a built-in chain at the hook, in the order the kernel runs them: by <see cref="Priority"/>
    /// (so nat's destination NAT comes before filter, its source NAT after).
    /// </summary>
    public static IReadOnlyList<TableKind> TablesAt(Hook hook) => TableOrder[(int)hook];

    private static readonly TableKind[][] TableOrder = BuildTableOrder();

    private static TableKind[][] BuildTableOrder()
    {
        var hooks = (Hook[])Enum.GetValues(typeof(Hook));
        var order = new TableKind[hooks.Length][];
        foreach (var hook in hooks)
        {
            var tables = new List<TableKind>();
            foreach (TableKind table in (TableKind[])Enum.GetValues(typeof(TableKind)))
            {
                if (HasBuiltinChain(table, hook))
                {
                    tables.Add(table);
                }
            }
            // A stable sort: no two tables share a priority at one hook.
            order[(int)hook] = tables.OrderBy(t => Priority(t, hook)).ToArray();
        }
        return order;
    }

    /// <summary>
    /// What <c>-m statistic --mode random --probability P</c> (and nft's <c>numgen random mod 2³¹ &lt; N</c>) keeps
    /// of P: the kernel stores round(P·2³¹) and matches when a random 31-bit number is below it.
    /// </summary>
    public const long StatisticRandomScale = 0x80000000L;

    /// <summary>The kernel's fixed-point threshold of a statistic probability: round(p·2³¹), as iptables stores it.</summary>
    public static long StatisticRandomThreshold(double probability) =>
        (long)Math.Round(probability * StatisticRandomScale, MidpointRounding.AwayFromZero);

    /// <summary>The probability the kernel really applies: 1/3 is 715827883/2³¹ = 0.33333333349, not 1/3.</summary>
    public static double StatisticRandomProbability(double probability) =>
        StatisticRandomThreshold(probability) / (double)StatisticRandomScale;

    /// <summary>`-i` names the interface a packet arrived on, which does not exist yet for locally made packets.</summary>
    public static bool AllowsInInterface(Hook hook) => hook is Hook.Prerouting or Hook.Input or Hook.Forward;

    /// <summary>`-o` names the interface a packet leaves by, which routing has not chosen before INPUT or in PREROUTING.</summary>
    public static bool AllowsOutInterface(Hook hook) => hook is Hook.Forward or Hook.Output or Hook.Postrouting;

    /// <summary>Names iptables reserves for targets; a user chain may not take one.</summary>
    public static readonly IReadOnlyCollection<string> ReservedTargetNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "ACCEPT", "DROP", "RETURN", "QUEUE", "REJECT", "LOG", "DNAT", "SNAT", "MASQUERADE", "REDIRECT",
        "MARK", "CONNMARK", "NOTRACK", "CT", "DSCP", "TOS", "TCPMSS", "NFLOG", "NFQUEUE", "TRACE",
        "CLASSIFY", "TPROXY", "AUDIT", "CHECKSUM", "SET", "TEE", "NETMAP", "HMARK", "SECMARK", "CONNSECMARK",
        "IDLETIMER", "LED", "RATEEST", "SYNPROXY", "TTL", "HL", "ULOG", "ERROR",
    };
}
