using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>Which of a connection's two tuples a conntrack match tests: as the first packet saw it, or as its reply will.</summary>
public enum ConntrackTuple
{
    Original,
    Reply,
}

/// <summary>
/// -m conntrack --ctproto: the connection's layer-4 protocol. Like every tuple test of xt_conntrack it fails on a
/// packet without a connection (raw table, untracked), negated or not.
/// </summary>
public sealed record ConntrackProtocolMatch(Protocol Protocol, bool Negated = false) : Match;

/// <summary>
/// -m conntrack --ctorigsrc / --ctorigdst / --ctreplsrc / --ctrepldst: an address of the connection's original or
/// reply tuple. After DNAT the original destination is the address the client asked for, which -d no longer sees.
/// </summary>
public sealed record ConntrackAddressMatch(ConntrackTuple Tuple, AddressSide Side, string Address, bool Negated = false) : Match
{
    /// <summary>
    /// The parsed network, or null when the text is not an address (the checker says why). Parsed on each use: a
    /// tuple test is rare beside -s/-d, which keep theirs parsed.
    /// </summary>
    public IpNetwork? Network => IpNetwork.TryParse(Address, out var network, out _) ? network : null;

    public override IpFamily? Family => Network?.Family;
}

/// <summary>
/// -m conntrack --ctorigsrcport / --ctorigdstport / --ctreplsrcport / --ctrepldstport: one port or a range of the
/// connection's tuple. Port 0 is allowed here (iptables reads ":4" as 0:4). After DNAT the original destination
/// port is the one the client asked for, which --dport no longer sees.
/// </summary>
public sealed record ConntrackPortMatch(ConntrackTuple Tuple, AddressSide Side, PortSpan Ports, bool Negated = false) : Match;
