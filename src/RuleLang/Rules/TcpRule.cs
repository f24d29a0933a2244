using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

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

    /// <summary>
    /// <c>--syn</c>: the segment that opens a connection (SYN set, FIN, RST and ACK clear); with
    /// <paramref name="not"/>, every other segment. Only a TCP rule offers it, as only TCP has flags.
    /// </summary>
    public TcpRule<TTable, THook> Syn(bool not = false) => With(TcpFlagsMatch.Syn(not));

    /// <summary><c>--tcp-flags MASK SET</c>: of the flags in <paramref name="mask"/>, exactly those in <paramref name="set"/> are set.</summary>
    public TcpRule<TTable, THook> Flags(TcpFlags mask, TcpFlags set, bool not = false) => With(new TcpFlagsMatch(mask, set, not));
}
