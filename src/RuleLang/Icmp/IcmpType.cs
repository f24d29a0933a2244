namespace RuleLang;

/// <summary>ICMP (IPv4) messages by the names iptables lists in <c>iptables -p icmp -h</c> (RFC 792 numbers).</summary>
public static class IcmpType
{
    public static IcmpMessage EchoReply { get; } = new(0);

    public static IcmpMessage DestinationUnreachable { get; } = new(3);

    public static IcmpMessage NetworkUnreachable { get; } = new(3, 0);

    public static IcmpMessage HostUnreachable { get; } = new(3, 1);

    public static IcmpMessage ProtocolUnreachable { get; } = new(3, 2);

    public static IcmpMessage PortUnreachable { get; } = new(3, 3);

    public static IcmpMessage FragmentationNeeded { get; } = new(3, 4);

    public static IcmpMessage CommunicationProhibited { get; } = new(3, 13);

    public static IcmpMessage SourceQuench { get; } = new(4);

    public static IcmpMessage Redirect { get; } = new(5);

    public static IcmpMessage EchoRequest { get; } = new(8);

    public static IcmpMessage RouterAdvertisement { get; } = new(9);

    public static IcmpMessage RouterSolicitation { get; } = new(10);

    public static IcmpMessage TimeExceeded { get; } = new(11);

    public static IcmpMessage TtlZeroDuringTransit { get; } = new(11, 0);

    public static IcmpMessage TtlZeroDuringReassembly { get; } = new(11, 1);

    public static IcmpMessage ParameterProblem { get; } = new(12);

    public static IcmpMessage TimestampRequest { get; } = new(13);

    public static IcmpMessage TimestampReply { get; } = new(14);

    public static IcmpMessage AddressMaskRequest { get; } = new(17);

    public static IcmpMessage AddressMaskReply { get; } = new(18);
}
