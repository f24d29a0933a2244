using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>
/// A chain of table <typeparamref name="TTable"/> at hook <typeparamref name="THook"/>. Choosing the protocol
/// first fixes which rule type, and so which port and ICMP matches, the rule offers.
/// </summary>
public abstract class Chain<TTable, THook>
    where TTable : ITable
    where THook : IHook
{
    private protected Chain(ChainState state)
    {
        State = state;
    }

    public string Name => State.Name;

    internal ChainState State { get; }

    /// <summary>A rule for every protocol (no <c>-p</c>).</summary>
    public Rule<TTable, THook> Rule() => new(State);

    public TcpRule<TTable, THook> Tcp() => new(State);

    public UdpRule<TTable, THook> Udp() => new(State);

    public SctpRule<TTable, THook> Sctp() => new(State);

    public IcmpRule<TTable, THook> Icmp() => new(State);

    public Icmpv6Rule<TTable, THook> Icmpv6() => new(State);

    /// <summary>Protocol as a value, for policies that loop over protocols; port matches need Tcp()/Udp()/Sctp().</summary>
    public Rule<TTable, THook> Protocol(Protocol protocol) => new(State, protocol);
}
