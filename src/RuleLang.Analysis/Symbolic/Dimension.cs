namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// The axes of packet space. For ICMP and ICMPv6 packets the port axes carry the message instead: the destination
/// port axis holds the type and the source port axis the code, so that type matches need no axes of their own.
/// </summary>
public enum Dimension
{
    Protocol,
    Source,
    Destination,
    SourcePort,
    DestinationPort,
    InInterface,
    OutInterface,
    State,
    Mark,
}
