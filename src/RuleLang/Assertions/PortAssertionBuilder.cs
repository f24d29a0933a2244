using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Assertions;
using RuleLang.Model.Matches;
using RuleLang.Model.Values;

namespace RuleLang;

/// <summary>An assertion about TCP, UDP or SCTP packets, which may also name ports.</summary>
public sealed class PortAssertionBuilder : AssertionBuilderOf<PortAssertionBuilder>
{
    internal PortAssertionBuilder(string name, SourceLocation location, List<Match> matches, List<PolicyAssertion> sink)
        : base(name, location, matches, sink)
    {
    }

    public PortAssertionBuilder DestinationPort(int port, bool not = false) =>
        Add(new PortMatch(AddressSide.Destination, new[] { PortSpan.Single(port) }, not));

    public PortAssertionBuilder DestinationPorts(params int[] ports) =>
        Add(new PortMatch(AddressSide.Destination, ports.Select(PortSpan.Single).ToArray()));

    public PortAssertionBuilder DestinationPortRange(int low, int high) =>
        Add(new PortMatch(AddressSide.Destination, new[] { new PortSpan(low, high) }));

    public PortAssertionBuilder SourcePort(int port, bool not = false) =>
        Add(new PortMatch(AddressSide.Source, new[] { PortSpan.Single(port) }, not));
}
