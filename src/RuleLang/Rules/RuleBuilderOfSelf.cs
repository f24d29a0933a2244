using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang;

/// <summary>
/// Matches every rule offers, whatever its protocol. Each returns the concrete rule type
/// (<typeparamref name="TSelf"/>), so protocol-specific matches stay reachable in any order after them.
/// </summary>
public abstract class RuleBuilder<TTable, THook, TSelf> : RuleBuilder<TTable, THook>
    where TTable : ITable
    where THook : IHook
    where TSelf : RuleBuilder<TTable, THook, TSelf>
{
    private protected RuleBuilder(ChainState chain, Protocol protocol)
        : base(chain, protocol)
    {
    }

    /// <summary><c>-s</c>: an address or CIDR.</summary>
    public TSelf Source(string address, bool not = false) => With(new AddressMatch(AddressSide.Source, address, not));

    /// <summary><c>-d</c>: an address or CIDR.</summary>
    public TSelf Destination(string address, bool not = false) =>
        With(new AddressMatch(AddressSide.Destination, address, not));

    /// <summary><c>-m iprange --src-range from-to</c>: a source address between two addresses, both included.</summary>
    public TSelf SourceRange(string from, string to, bool not = false) =>
        With(new AddressRangeMatch(AddressSide.Source, from, to, not));

    /// <summary><c>-m iprange --dst-range from-to</c>: a destination address between two addresses, both included.</summary>
    public TSelf DestinationRange(string from, string to, bool not = false) =>
        With(new AddressRangeMatch(AddressSide.Destination, from, to, not));

    /// <summary><c>-m set --match-set NAME src</c> (nft <c>saddr @NAME</c>): the source address, or port for a port set, is in the set.</summary>
    public TSelf SourceIn(SetHandle set, bool not = false) =>
        With(new SetMatch(set.Name, new[] { AddressSide.Source }, not, set.Family));

    /// <summary><c>-m set --match-set NAME dst</c> (nft <c>daddr @NAME</c>): the destination address, or port for a port set, is in the set.</summary>
    public TSelf DestinationIn(SetHandle set, bool not = false) =>
        With(new SetMatch(set.Name, new[] { AddressSide.Destination }, not, set.Family));

    /// <summary><c>-m conntrack --ctstate</c>.</summary>
    public TSelf State(ConntrackStates states, bool not = false) => With(new ConntrackMatch(states, not));

    /// <summary><c>-m conntrack --ctstatus</c>: the connection has any of these status bits (ConntrackStatus.None: none, which no connection passes).</summary>
    public TSelf ConnectionStatus(ConntrackStatus status, bool not = false) => With(new ConntrackStatusMatch(status, not));

    /// <summary><c>-m conntrack --ctdir ORIGINAL</c>: the packet goes the way of its connection's first packet.</summary>
    public TSelf OriginalDirection() => With(new ConntrackDirectionMatch(ConntrackTuple.Original));

    /// <summary><c>-m conntrack --ctdir REPLY</c>: the packet goes against its connection's first packet.</summary>
    public TSelf ReplyDirection() => With(new ConntrackDirectionMatch(ConntrackTuple.Reply));

    /// <summary><c>-m conntrack --ctexpire</c>: the connection has from min to max (default min) whole seconds left.</summary>
    public TSelf ConnectionExpires(uint min, uint? max = null, bool not = false) => With(new ConntrackExpireMatch(min, max ?? min, not));

    /// <summary><c>-m conntrack --ctproto</c>: the connection's protocol, whatever the packet is (an ICMP error too).</summary>
    public TSelf ConnectionProtocol(Protocol protocol, bool not = false) => With(new ConntrackProtocolMatch(protocol, not));

    /// <summary><c>-m conntrack --ctorigsrc</c>: the client's address, as the connection's first packet had it.</summary>
    public TSelf OriginalSource(string address, bool not = false) =>
        With(new ConntrackAddressMatch(ConntrackTuple.Original, AddressSide.Source, address, not));

    /// <summary><c>-m conntrack --ctorigdst</c>: the address the client asked for, before any DNAT.</summary>
    public TSelf OriginalDestination(string address, bool not = false) =>
        With(new ConntrackAddressMatch(ConntrackTuple.Original, AddressSide.Destination, address, not));

    /// <summary><c>-m conntrack --ctreplsrc</c>: the source the replies have (the DNAT target, if any).</summary>
    public TSelf ReplySource(string address, bool not = false) =>
        With(new ConntrackAddressMatch(ConntrackTuple.Reply, AddressSide.Source, address, not));

    /// <summary><c>-m conntrack --ctrepldst</c>: the destination the replies have (the SNAT address, if any).</summary>
    public TSelf ReplyDestination(string address, bool not = false) =>
        With(new ConntrackAddressMatch(ConntrackTuple.Reply, AddressSide.Destination, address, not));

    /// <summary><c>-m conntrack --ctorigsrcport low[:high]</c>.</summary>
    public TSelf OriginalSourcePort(int low, int? high = null, bool not = false) => TuplePort(ConntrackTuple.Original, AddressSide.Source, low, high, not);

    /// <summary><c>-m conntrack --ctorigdstport low[:high]</c>: the port the client asked for, before any DNAT.</summary>
    public TSelf OriginalDestinationPort(int low, int? high = null, bool not = false) => TuplePort(ConntrackTuple.Original, AddressSide.Destination, low, high, not);

    /// <summary><c>-m conntrack --ctreplsrcport low[:high]</c>.</summary>
    public TSelf ReplySourcePort(int low, int? high = null, bool not = false) => TuplePort(ConntrackTuple.Reply, AddressSide.Source, low, high, not);

    /// <summary><c>-m conntrack --ctrepldstport low[:high]</c>.</summary>
    public TSelf ReplyDestinationPort(int low, int? high = null, bool not = false) => TuplePort(ConntrackTuple.Reply, AddressSide.Destination, low, high, not);

    private TSelf TuplePort(ConntrackTuple tuple, AddressSide side, int low, int? high, bool not) =>
        With(new ConntrackPortMatch(tuple, side, new PortSpan(low, high ?? low), not));

    /// <summary><c>-m mark --mark value/mask</c>; the MARK target is <see cref="RuleBuilder{TTable,THook}.SetMark"/>.</summary>
    public TSelf Mark(uint value, uint mask = 0xffffffff, bool not = false) => With(new MarkMatch(value, mask, not));

    /// <summary><c>-m addrtype --src-type</c>.</summary>
    public TSelf SourceAddressType(AddressType type, bool not = false) =>
        With(new AddressTypeMatch(AddressSide.Source, type, not));

    /// <summary><c>-m addrtype --dst-type</c>.</summary>
    public TSelf DestinationAddressType(AddressType type, bool not = false) =>
        With(new AddressTypeMatch(AddressSide.Destination, type, not));

    /// <summary>
    /// <c>-m pkttype --pkt-type</c>: the link-layer class the packet arrived with (a packet the host sends is
    /// unicast), as <c>meta pkttype</c> in nft.
    /// </summary>
    public TSelf PacketType(PacketType type, bool not = false) => With(new PacketTypeMatch(type, not));

    /// <summary><c>-m statistic --mode random --probability</c>.</summary>
    public TSelf Random(double probability) => With(new RandomMatch(probability));

    /// <summary><c>-m statistic --mode nth --every --packet</c>.</summary>
    public TSelf Nth(int every, int packet = 0) => With(new NthMatch(every, packet));

    /// <summary><c>-m limit --limit rate/unit --limit-burst</c>.</summary>
    public TSelf Limit(int rate, RateUnit unit, int burst = LimitMatch.DefaultBurst) =>
        With(new LimitMatch(rate, unit, burst));

    /// <summary><c>-m comment --comment</c>.</summary>
    public TSelf Comment(string text) => With(new CommentMatch(text));

    /// <summary>
    /// <c>-m recent --set | --rcheck | --update | --remove --name</c>: add the address to a list the kernel keeps,
    /// test for it, test and refresh it, or test and remove it; a test can ask for the address seen within the last
    /// <paramref name="seconds"/> (<paramref name="reap"/> drops older entries), at least
    /// <paramref name="hitCount"/> times, and with the same TTL (<paramref name="ttl"/>). <paramref name="side"/>
    /// picks the packet's source (the default) or destination address.
    /// </summary>
    public TSelf Recent(string name, RecentCommand command, int? seconds = null, bool reap = false, int? hitCount = null,
        bool ttl = false, AddressSide side = AddressSide.Source) =>
        With(new RecentMatch(name, command, seconds, reap, hitCount, ttl, side));

    /// <summary>
    /// <c>-m hashlimit --hashlimit-upto | --hashlimit-above RATE/UNIT</c>: a token bucket per group of packets that
    /// share the <paramref name="keys"/> fields, in the kernel table <paramref name="name"/>. Upto matches while the
    /// group stays under <paramref name="rate"/> (with <paramref name="burst"/>); <paramref name="above"/> matches once
    /// it is over. The prefixes cut addresses before grouping; <paramref name="expireMilliseconds"/> is how long an idle
    /// group is kept.
    /// </summary>
    public TSelf HashLimit(string name, int rate, RateUnit unit, bool above = false, int burst = HashLimitMatch.DefaultBurst,
        HashLimitKeys keys = HashLimitKeys.None, int? sourcePrefix = null, int? destinationPrefix = null, int? expireMilliseconds = null) =>
        With(new HashLimitMatch(name, rate, unit, above, burst, keys, sourcePrefix, destinationPrefix, expireMilliseconds));

    /// <summary>
    /// <c>-m connlimit --connlimit-above | --connlimit-upto</c>: the number of tracked connections that share the
    /// packet's source address (or destination, with <paramref name="side"/>), cut to <paramref name="prefix"/> bits.
    /// <paramref name="above"/> matches once there are more than <paramref name="count"/>; otherwise it matches while
    /// there are at most that many.
    /// </summary>
    public TSelf ConnectionLimit(int count, bool above = true, int? prefix = null, AddressSide side = AddressSide.Source) =>
        With(new ConnectionLimitMatch(count, above, prefix, side));

    internal TSelf With(Match match)
    {
        Add(match);
        return (TSelf)this;
    }
}
