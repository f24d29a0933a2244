using System;

namespace RuleLang.Model.Values;

/// <summary>conntrack states, in the bit order iptables prints them.</summary>
[Flags]
public enum ConntrackStates
{
    None = 0,
    Invalid = 1,
    New = 2,
    Related = 4,
    Established = 8,
    Untracked = 16,
    Snat = 32,
    Dnat = 64,
}
