namespace RuleLang;

/// <summary>
/// An ICMP (IPv4) type, and code when it names one; its own type so an ICMPv6 name cannot be passed where an
/// IPv4 one is meant (the numbers differ: echo request is 8 in ICMP, 128 in ICMPv6).
/// </summary>
public readonly record struct IcmpMessage(int Type, int? Code = null);
