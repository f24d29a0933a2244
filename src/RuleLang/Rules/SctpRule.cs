using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>A rule that matches <c>-p sctp</c>, and so may match ports.</summary>
public sealed class SctpRule<TTable, THook> : PortRuleBuilder<TTable, THook, SctpRule<TTable, THook>>
    where TTable : ITable
    where THook : IHook
{
    internal SctpRule(ChainState chain)
        : base(chain, Protocol.Sctp)
    {
    }
}
