using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>A rule that names no port protocol, so it offers no port matches and no NAT to a port.</summary>
public sealed class Rule<TTable, THook> : RuleBuilder<TTable, THook, Rule<TTable, THook>>
    where TTable : ITable
    where THook : IHook
{
    internal Rule(ChainState chain, Protocol protocol = Protocol.All)
        : base(chain, protocol)
    {
    }
}
