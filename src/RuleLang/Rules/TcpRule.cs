using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>A rule that matches <c>-p tcp</c>, and so may match ports.</summary>
public sealed class TcpRule<TTable, THook> : PortRuleBuilder<TTable, THook, TcpRule<TTable, THook>>
    where TTable : ITable
    where THook : IHook
{
    internal TcpRule(ChainState chain)
        : base(chain, Protocol.Tcp)
    {
    }
}
