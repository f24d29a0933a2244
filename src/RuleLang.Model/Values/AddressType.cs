namespace RuleLang.Model.Values;

/// <summary>Routing address types that -m addrtype tests.</summary>
public enum AddressType
{
    Unspec,
    Unicast,
    Local,
    Broadcast,
    Anycast,
    Multicast,
    Blackhole,
    Unreachable,
    Prohibit,
    Throw,
    Nat,
    Xresolve,
}
