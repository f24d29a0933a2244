using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Sets;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// A defined set as what it is to the analysis: a union of intervals of addresses (each network one interval, as a
/// CIDR match is) or of ports, on the dimension its match names. An external set's contents are unknown, so its
/// match is opaque; so is a set two compared policies define differently.
/// </summary>
public static class SetIntervals
{
    /// <summary>The sets the policies define, by name; null for a name defined in two ways, or external.</summary>
    public static IReadOnlyDictionary<string, NamedSet?> Collect(IEnumerable<Policy> policies)
    {
        var sets = new Dictionary<string, NamedSet?>(System.StringComparer.Ordinal);
        foreach (var set in policies.SelectMany(p => p.Sets))
        {
            var known = set.External ? null : set;
            sets[set.Name] = sets.TryGetValue(set.Name, out var earlier) && !Equals(earlier, known) ? null : known;
        }
        return sets;
    }

    /// <summary>The dimension the match limits and the values it allows before negation; null when the set is not known.</summary>
    public static (Dimension Dimension, IntervalSet Values)? Of(SetMatch match, IReadOnlyDictionary<string, NamedSet?> sets, IpFamily family)
    {
        if (!sets.TryGetValue(match.Name, out var set) || set is null || match.Directions.Count != 1)
        {
            return null;
        }
        bool source = match.Side == AddressSide.Source;
        if (set.Type == SetType.Port)
        {
            var ports = set.Elements.Select(e => SetElements.TryPorts(set.Type, e, out var span) ? ((BigInteger)span.Low, (BigInteger)span.High) : ((BigInteger, BigInteger)?)null);
            return (source ? Dimension.SourcePort : Dimension.DestinationPort, IntervalSet.Of(ports.OfType<(BigInteger, BigInteger)>()));
        }
        var values = IntervalSet.Empty;
        if (set.Family == family)
        {
            foreach (string element in set.Elements)
            {
                if (SetElements.TryNetwork(set.Type, element, out var network))
                {
                    values = values.Union(AddressRanges.Set(network));
                }
            }
        }
        return (source ? Dimension.Source : Dimension.Destination, values);
    }
}
