using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>A rule that matches <c>-p icmp</c> (IPv4), and so may match ICMP types.</summary>
public sealed class IcmpRule<TTable, THook> : RuleBuilder<TTable, THook, IcmpRule<TTable, THook>>
    where TTable : ITable
    where THook : IHook
{
    internal IcmpRule(ChainState chain)
        : base(chain, Protocol.Icmp)
    {
    }

    /// <summary><c>--icmp-type</c>, by name: see <see cref="RuleLang.IcmpType"/>.</summary>
    public IcmpRule<TTable, THook> IcmpType(IcmpMessage message) => IcmpType(message.Type, message.Code);

    /// <summary><c>--icmp-type type[/code]</c>, by number.</summary>
    public IcmpRule<TTable, THook> IcmpType(int type, int? code = null) =>
        With(new IcmpTypeMatch(IpFamily.IPv4, type, code));
}
