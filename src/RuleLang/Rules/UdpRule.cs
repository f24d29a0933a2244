using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>A rule that matches <c>-p udp</c>, and so may match ports.</summary>
public sealed class UdpRule<TTable, THook> : PortRuleBuilder<TTable, THook, UdpRule<TTable, THook>>
    where TTable : ITable
    where THook : IHook
{
    internal UdpRule(ChainState chain)
        : base(chain, Protocol.Udp)
    {
    }
}
