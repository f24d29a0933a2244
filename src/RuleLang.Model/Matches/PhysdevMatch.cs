using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>
/// <c>-m physdev</c>: the bridge ports of a packet that br_netfilter passes through iptables (a bridged packet, or
/// one routed between a bridge and another interface). One match of all its tests, as xt_physdev keeps them and
/// iptables-save prints them (is-in, in, is-out, out, is-bridged); a flag is true for the test, false for its
/// negation. A packet that is not bridged matches exactly when every test given is negated.
/// </summary>
public sealed record PhysdevMatch(
    BridgePort? In = null, BridgePort? Out = null, bool? IsIn = null, bool? IsOut = null, bool? IsBridged = null) : Match
{
    /// <summary>True when no test is given: iptables refuses <c>-m physdev</c> alone.</summary>
    public bool IsEmpty => In is null && Out is null && IsIn is null && IsOut is null && IsBridged is null;

    /// <summary>
    /// True when the match tests the output port (--physdev-out or --physdev-is-out) without --physdev-is-bridged:
    /// the kernel refuses that in OUTPUT, where a packet's output bridge port is not known yet.
    /// </summary>
    public bool TestsOutputPortUnbridged => (Out is not null || IsOut is not null) && IsBridged != true;

    /// <summary>True when every test given is negated: then a packet that is not bridged matches.</summary>
    public bool MatchesUnbridged => !IsEmpty && In is not { Negated: false } && Out is not { Negated: false }
        && IsIn != true && IsOut != true && IsBridged != true;

    /// <summary>The options as iptables-save prints them, in libxt_physdev's order.</summary>
    public string IptablesOptions
    {
        get
        {
            var text = new System.Text.StringBuilder();
            Flag(text, "--physdev-is-in", IsIn);
            Port(text, "--physdev-in ", In);
            Flag(text, "--physdev-is-out", IsOut);
            Port(text, "--physdev-out ", Out);
            Flag(text, "--physdev-is-bridged", IsBridged);
            return text.ToString();
        }
    }

    private static void Flag(System.Text.StringBuilder text, string option, bool? value)
    {
        if (value is { } v)
        {
            text.Append(v ? " " : " ! ").Append(option);
        }
    }

    private static void Port(System.Text.StringBuilder text, string option, BridgePort? port)
    {
        if (port is { } p)
        {
            text.Append(p.Negated ? " ! " : " ").Append(option).Append(p.Name);
        }
    }
}
