using System.Collections.Generic;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;

namespace RuleLang.Checker;

/// <summary>Where the kernel lets a target run: its table and the hooks within that table.</summary>
public sealed record TargetPlacement(TableKind? Table, IReadOnlyCollection<Hook>? Hooks, string Where, TableKind? NotIn = null)
{
    private static readonly TargetPlacement Anywhere = new(null, null, "any table");
    private static readonly TargetPlacement DestinationNat = new(TableKind.Nat, new[] { Hook.Prerouting, Hook.Output }, "nat PREROUTING or nat OUTPUT");
    private static readonly TargetPlacement SourceNat = new(TableKind.Nat, new[] { Hook.Postrouting, Hook.Input }, "nat POSTROUTING or nat INPUT");
    private static readonly TargetPlacement Masquerade = new(TableKind.Nat, new[] { Hook.Postrouting }, "nat POSTROUTING");
    private static readonly TargetPlacement Reject = new(TableKind.Filter, null, "the filter table (INPUT, FORWARD, OUTPUT)");
    private static readonly TargetPlacement Notrack = new(TableKind.Raw, null, "the raw table (PREROUTING, OUTPUT)");
    private static readonly TargetPlacement Dscp = new(TableKind.Mangle, null, "the mangle table");
    // xt_TCPMSS: "path-MTU clamping only supported in FORWARD, OUTPUT and POSTROUTING hooks", where a route is known.
    private static readonly TargetPlacement ClampMss = new(null, new[] { Hook.Forward, Hook.Output, Hook.Postrouting }, "FORWARD, OUTPUT or POSTROUTING (any table)");
    // iptables refuses DROP in nat ("the nat table is not intended for filtering").
    private static readonly TargetPlacement Drop = new(null, null, "the filter, mangle, raw or security table", NotIn: TableKind.Nat);

    public static TargetPlacement Of(Target target) => target switch
    {
        DnatTarget or RedirectTarget => DestinationNat,
        SnatTarget => SourceNat,
        MasqueradeTarget => Masquerade,
        RejectTarget => Reject,
        NotrackTarget => Notrack,
        CtTarget => Notrack,
        DscpTarget => Dscp,
        TcpMssTarget { ClampsToPmtu: true } => ClampMss,
        VerdictTarget { Verdict: VerdictKind.Drop } => Drop,
        _ => Anywhere,
    };

    public bool AllowsTable(TableKind table) => (Table is null || Table == table) && NotIn != table;

    public bool AllowsHook(Hook hook) => Hooks is null || System.Linq.Enumerable.Contains(Hooks, hook);
}
