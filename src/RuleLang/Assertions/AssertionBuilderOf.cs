using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Assertions;
using RuleLang.Model.Matches;
using RuleLang.Model.Values;

namespace RuleLang;

/// <summary>
/// The packet space of an assertion, then what must happen to it. Matches read as in rules; each call narrows
/// the space, and the last call (IsDropped, IsAccepted, ReachesOnly, NeverReaches) states the property.
/// </summary>
public abstract class AssertionBuilderOf<TSelf>
    where TSelf : AssertionBuilderOf<TSelf>
{
    private readonly string _name;
    private readonly SourceLocation _location;
    private readonly List<PolicyAssertion> _sink;

    private protected AssertionBuilderOf(string name, SourceLocation location, List<Match> matches, List<PolicyAssertion> sink)
    {
        _name = name;
        _location = location;
        Matches = matches;
        _sink = sink;
    }

    private protected List<Match> Matches { get; }

    private protected string Name => _name;

    private protected SourceLocation Location => _location;

    private protected List<PolicyAssertion> Sink => _sink;

    /// <summary>Packets from this address or CIDR (or, with <paramref name="not"/>, from anywhere else).</summary>
    public TSelf Source(string address, bool not = false) => Add(new AddressMatch(AddressSide.Source, address, not));

    /// <summary>Packets to this address or CIDR (or, with <paramref name="not"/>, to anywhere else).</summary>
    public TSelf Destination(string address, bool not = false) => Add(new AddressMatch(AddressSide.Destination, address, not));

    /// <summary>Packets arriving on this interface ('+' ends a prefix).</summary>
    public TSelf InInterface(string name, bool not = false) => Add(new InterfaceMatch(InterfaceSide.In, name, not));

    /// <summary>Packets in these conntrack states; without it, an assertion is about packets opening a connection (NEW).</summary>
    public TSelf State(ConntrackStates states) => Add(new ConntrackMatch(states));

    /// <summary>Every packet of the space is dropped or rejected.</summary>
    public void IsDropped() => Finish(AssertionKind.Dropped);

    /// <summary>Every packet of the space is accepted (delivered to the host or forwarded).</summary>
    public void IsAccepted() => Finish(AssertionKind.Accepted);

    /// <summary>Every packet let through ends up, after any DNAT, at one of these ("10.0.0.174:80", or an address for any port).</summary>
    public void ReachesOnly(params string[] endpoints) => Finish(AssertionKind.ReachesOnly, endpoints: endpoints);

    /// <summary>No packet let through ends up at this port, after any DNAT or REDIRECT.</summary>
    public void NeverReaches(int port) => Finish(AssertionKind.NeverReaches, port: port);

    private protected TSelf Add(Match match)
    {
        Matches.Add(match);
        return (TSelf)this;
    }

    private void Finish(AssertionKind kind, string[]? endpoints = null, int? port = null) =>
        _sink.Add(new PolicyAssertion(_name, Matches.ToArray(), kind, _location)
        {
            Endpoints = endpoints ?? System.Array.Empty<string>(),
            Port = port,
        });
}
