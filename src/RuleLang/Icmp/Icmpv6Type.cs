namespace RuleLang;

/// <summary>ICMPv6 messages by the names ip6tables lists in <c>ip6tables -p icmpv6 -h</c> (RFC 4443, 4861 numbers).</summary>
public static class Icmpv6Type
{
    public static Icmpv6Message DestinationUnreachable { get; } = new(1);

    public static Icmpv6Message NoRoute { get; } = new(1, 0);

    public static Icmpv6Message CommunicationProhibited { get; } = new(1, 1);

    public static Icmpv6Message AddressUnreachable { get; } = new(1, 3);

    public static Icmpv6Message PortUnreachable { get; } = new(1, 4);

    public static Icmpv6Message PacketTooBig { get; } = new(2);

    public static Icmpv6Message TimeExceeded { get; } = new(3);

    public static Icmpv6Message ParameterProblem { get; } = new(4);

    public static Icmpv6Message EchoRequest { get; } = new(128);

    public static Icmpv6Message EchoReply { get; } = new(129);

    public static Icmpv6Message RouterSolicitation { get; } = new(133);

    public static Icmpv6Message RouterAdvertisement { get; } = new(134);

    public static Icmpv6Message NeighbourSolicitation { get; } = new(135);

    public static Icmpv6Message NeighbourAdvertisement { get; } = new(136);

    public static Icmpv6Message Redirect { get; } = new(137);
}
