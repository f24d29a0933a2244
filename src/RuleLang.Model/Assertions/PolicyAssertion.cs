using System;
using System.Collections.Generic;
using RuleLang.Model.Intents;
using RuleLang.Model.Matches;

namespace RuleLang.Model.Assertions;

/// <summary>
/// A property the policy must have, proved at build time over every packet of a space: "tcp to port 22 from
/// outside 192.168.1.0/24 is dropped". The space is written with the matches rules use (protocol, addresses,
/// ports, input interface, conntrack state); without a state match it is the packets that open a connection.
/// </summary>
public sealed record PolicyAssertion(string Name, IReadOnlyList<Match> Packets, AssertionKind Kind, SourceLocation Location)
{
    /// <summary>For ReachesOnly: "address:port" or "address" (any port), as written.</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = Array.Empty<string>();

    /// <summary>For NeverReaches: the port no accepted packet may end up at.</summary>
    public int? Port { get; init; }

    public bool Equals(PolicyAssertion? other) =>
        other is not null
        && Name == other.Name
        && Kind == other.Kind
        && Port == other.Port
        && Location.Equals(other.Location)
        && EquatableLists.Equal(Packets, other.Packets)
        && EquatableLists.Equal(Endpoints, other.Endpoints);

    public override int GetHashCode()
    {
        unchecked
        {
            int hash = Name.GetHashCode();
            hash = (hash * 397) ^ (int)Kind;
            hash = (hash * 397) ^ EquatableLists.Hash(Packets);
            return (hash * 397) ^ EquatableLists.Hash(Endpoints);
        }
    }
}
