using System.Linq;
using RuleLang.Model.Matches;
using RuleLang.Model.Sets;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// -m set as xt_set tests it: the packet's address (or port, for a port set) on the match's side is an element
/// of the set. A defined set is decided from its elements; an external set's contents are unknown, so the trace
/// takes the packet as not in it, and says so.
/// </summary>
internal static class SetMembership
{
    public static bool Test(SetMatch match, PacketState packet)
    {
        var set = packet.Sets.FirstOrDefault(s => s.Name == match.Name);
        bool inside = set is { External: false } && match.Directions.Count == 1 && Contains(set, match.Side, packet);
        return inside != match.Negated;
    }

    /// <summary>The note for a test of a set whose contents are unknown; null for a defined set.</summary>
    public static string? Assumption(SetMatch match, PacketState packet) =>
        packet.Sets.FirstOrDefault(s => s.Name == match.Name) is { External: false }
            ? null
            : $"-m set: set {match.Name} is external (another tool fills it), so the packet is taken as not in it";

    private static bool Contains(NamedSet set, AddressSide side, PacketState packet)
    {
        if (set.Type == SetType.Port)
        {
            int? port = side == AddressSide.Source ? packet.SourcePort : packet.DestinationPort;
            return port is { } p && packet.Spec.HasPorts
                && set.Elements.Any(e => SetElements.TryPorts(set.Type, e, out var span) && p >= span.Low && p <= span.High);
        }
        var address = side == AddressSide.Source ? packet.Source : packet.Destination;
        return set.Elements.Any(e => SetElements.TryNetwork(set.Type, e, out var network) && MatchTests.Contains(network, address));
    }
}
