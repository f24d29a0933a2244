using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Assertions;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>
/// An assertion before its protocol: <c>p.Assert("ssh only from the office").Tcp().DestinationPort(22)
/// .Source("192.168.1.0/24", not: true).IsDropped()</c>. Ports come after a protocol that has them.
/// </summary>
public sealed class AssertionBuilder : AssertionBuilderOf<AssertionBuilder>
{
    internal AssertionBuilder(string name, SourceLocation location, List<PolicyAssertion> sink)
        : base(name, location, new List<Match>(), sink)
    {
    }

    public PortAssertionBuilder Tcp() => WithPorts(Protocol.Tcp);

    public PortAssertionBuilder Udp() => WithPorts(Protocol.Udp);

    public PortAssertionBuilder Sctp() => WithPorts(Protocol.Sctp);

    public AssertionBuilder Icmp() => Add(new ProtocolMatch(Protocol.Icmp));

    public AssertionBuilder Icmpv6() => Add(new ProtocolMatch(Protocol.Icmpv6));

    private PortAssertionBuilder WithPorts(Protocol protocol)
    {
        Matches.Add(new ProtocolMatch(protocol));
        return new PortAssertionBuilder(Name, Location, Matches, Sink);
    }
}
