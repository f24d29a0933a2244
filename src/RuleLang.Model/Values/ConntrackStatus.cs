using System;

namespace RuleLang.Model.Values;

/// <summary>The connection status bits -m conntrack --ctstatus tests, with the kernel's values (IPS_*). None is NONE: no bit.</summary>
[Flags]
public enum ConntrackStatus
{
    None = 0,
    Expected = 1,
    SeenReply = 2,
    Assured = 4,
    Confirmed = 8,
}
