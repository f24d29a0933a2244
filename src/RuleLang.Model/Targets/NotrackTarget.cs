namespace RuleLang.Model.Targets;

/// <summary>CT --notrack: exempt the packet from connection tracking.</summary>
public sealed record NotrackTarget : Target
{
    public static NotrackTarget Instance { get; } = new();

    /// <summary>The same target written -j NOTRACK, which iptables-save prints back as such: kept so a dump round-trips byte for byte.</summary>
    public static NotrackTarget NotrackAlias { get; } = new() { Alias = true };

    /// <summary>Written -j NOTRACK rather than -j CT --notrack (the kernel's XT_CT_NOTRACK_ALIAS flag).</summary>
    public bool Alias { get; init; }

    public override string Name => "CT";
}
