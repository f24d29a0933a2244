using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>A rule that matches <c>-p icmpv6</c>, and so may match ICMPv6 types.</summary>
public sealed class Icmpv6Rule<TTable, THook> : RuleBuilder<TTable, THook, Icmpv6Rule<TTable, THook>>
    where TTable : ITable
    where THook : IHook
{
    internal Icmpv6Rule(ChainState chain)
        : base(chain, Protocol.Icmpv6)
    {
    }

    /// <summary><c>--icmpv6-type</c>, by name: see <see cref="RuleLang.Icmpv6Type"/>.</summary>
    public Icmpv6Rule<TTable, THook> Icmpv6Type(Icmpv6Message message) => Icmpv6Type(message.Type, message.Code);

    /// <summary><c>--icmpv6-type type[/code]</c>, by number.</summary>
    public Icmpv6Rule<TTable, THook> Icmpv6Type(int type, int? code = null) =>
        With(new IcmpTypeMatch(IpFamily.IPv6, type, code));
}
