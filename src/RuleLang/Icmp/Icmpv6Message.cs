namespace RuleLang;

/// <summary>An ICMPv6 type, and code when it names one; see <see cref="IcmpMessage"/> for why it is apart.</summary>
public readonly record struct Icmpv6Message(int Type, int? Code = null);
