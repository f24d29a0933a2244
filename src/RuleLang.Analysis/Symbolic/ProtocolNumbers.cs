using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Symbolic;

/// <summary>IP protocol numbers, the values of the protocol dimension.</summary>
public static class ProtocolNumbers
{
    public const int Icmp = 1;
    public const int Tcp = 6;
    public const int Udp = 17;
    public const int Icmpv6 = 58;
    public const int Sctp = 132;
    public const int Max = 255;

    public static int Of(Protocol protocol) => protocol switch
    {
        Protocol.Tcp => Tcp,
        Protocol.Udp => Udp,
        Protocol.Sctp => Sctp,
        Protocol.Icmp => Icmp,
        Protocol.Icmpv6 => Icmpv6,
        _ => -1,
    };

    public static bool HasPorts(int number) => number is Tcp or Udp or Sctp;

    public static bool IsIcmp(int number) => number is Icmp or Icmpv6;

    public static string Name(int number) => number switch
    {
        Tcp => "tcp",
        Udp => "udp",
        Sctp => "sctp",
        Icmp => "icmp",
        Icmpv6 => "icmpv6",
        _ => "proto " + number.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static IntervalSet Set(Protocol protocol) => protocol == Protocol.All
        ? IntervalSet.Range(0, Max)
        : IntervalSet.Single(Of(protocol));
}
