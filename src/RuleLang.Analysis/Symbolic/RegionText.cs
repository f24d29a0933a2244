using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// A box as a reader writes traffic: protocol, source, destination and ports as CIDRs and port ranges ("any" for
/// a whole dimension, "!" before a short complement), and the input interface and conntrack state when limited.
/// </summary>
public sealed record RegionText(string Protocol, string Source, string Destination, string Ports, string Extra)
{
    public static RegionText Of(PacketBox box, PacketUniverse universe)
    {
        var family = box.Family;
        var protocols = box[Dimension.Protocol];
        var protocolText = Values(protocols, universe.DomainMax(family, Dimension.Protocol), v => ProtocolNumbers.Name((int)v), (lo, hi) => "proto " + lo + "-" + hi);
        bool portsApply = protocols.Intervals.All(i => i.Low == i.High && ProtocolNumbers.HasPorts((int)i.Low));
        var ports = box[Dimension.DestinationPort];
        bool icmp = protocols.IsSingleValue && ProtocolNumbers.IsIcmp((int)protocols.Min);
        string portText = portsApply ? Values(ports, 65535, v => v.ToString(), (lo, hi) => lo + "-" + hi)
            : icmp && !ports.IsWhole(65535) ? "type " + Values(ports.Intersect(IntervalSet.Range(0, 255)), 255, v => v.ToString(), (lo, hi) => lo + "-" + hi)
            : "";
        if (portsApply && !box[Dimension.SourcePort].IsWhole(65535))
        {
            portText += " from " + Values(box[Dimension.SourcePort], 65535, v => v.ToString(), (lo, hi) => lo + "-" + hi);
        }
        var extra = new List<string>();
        if (!box[Dimension.InInterface].IsWhole(universe.DomainMax(family, Dimension.InInterface)))
        {
            extra.Add("iif " + Interfaces(universe, family, box[Dimension.InInterface], Dimension.InInterface));
        }
        if (!box[Dimension.OutInterface].IsWhole(universe.DomainMax(family, Dimension.OutInterface)))
        {
            extra.Add("oif " + Interfaces(universe, family, box[Dimension.OutInterface], Dimension.OutInterface));
        }
        var states = box[Dimension.State];
        bool onlyNew = states.IsSingleValue && states.Min == ConntrackEncoding.Encode(Model.Values.ConntrackStates.New);
        if (!states.IsWhole(ConntrackEncoding.Count - 1) && !onlyNew)
        {
            extra.Add("state " + string.Join(",", Enumerate(states).Select(v => ConntrackEncoding.Describe((int)v))));
        }
        return new RegionText(protocolText, Addresses(family, box[Dimension.Source]), Addresses(family, box[Dimension.Destination]), portText, string.Join(" ", extra));
    }

    /// <summary>One line: "tcp 203.0.113.0/24 -> any dport 22 iif eth0".</summary>
    public override string ToString()
    {
        string text = Protocol + " " + Source + " -> " + Destination;
        if (Ports.Length > 0)
        {
            text += Ports.StartsWith("type ", System.StringComparison.Ordinal) ? " " + Ports : " dport " + Ports;
        }
        return Extra.Length > 0 ? text + " " + Extra : text;
    }

    private static string Interface(PacketUniverse universe, BigInteger symbol) => universe.Interfaces.Label((int)symbol);

    /// <summary>Interfaces read best as names, or as "!names" when "any other name" is among them.</summary>
    private static string Interfaces(PacketUniverse universe, IpFamily family, IntervalSet set, Dimension dimension)
    {
        var max = universe.DomainMax(family, dimension);
        bool withOther = universe.Interfaces.Label((int)max) == "other" && set.Contains(max);
        var shown = withOther ? set.Complement(max) : set;
        var names = Enumerate(shown).Select(v => Interface(universe, v)).ToArray();
        return (withOther ? "!" : "") + Join(names);
    }

    private static string Addresses(IpFamily family, IntervalSet set)
    {
        var max = AddressRanges.Max(family);
        if (set.IsWhole(max))
        {
            return "any";
        }
        var cidrs = set.Intervals.SelectMany(i => AddressRanges.Cidrs(family, i.Low, i.High)).ToArray();
        var complement = set.Complement(max).Intervals.SelectMany(i => AddressRanges.Cidrs(family, i.Low, i.High)).ToArray();
        var candidates = new List<string> { Join(cidrs), "!" + Join(complement) };
        // A network with holes reads best as the network and what it lacks: 192.168.0.0/16 except 192.168.1.0/24.
        var (low, high) = Enclosing(family, set.Min, set.Max);
        var holes = IntervalSet.Range(low, high).Subtract(set).Intervals.SelectMany(i => AddressRanges.Cidrs(family, i.Low, i.High)).ToArray();
        if (holes.Length > 0)
        {
            candidates.Add(AddressRanges.Cidrs(family, low, high).Single() + " except " + Join(holes));
        }
        return candidates.OrderBy(c => c.Length).First();
    }

    /// <summary>The smallest CIDR block holding both addresses.</summary>
    private static (BigInteger Low, BigInteger High) Enclosing(IpFamily family, BigInteger low, BigInteger high)
    {
        int bits = AddressRanges.Bits(family);
        for (int host = 0; host <= bits; host++)
        {
            var mask = (BigInteger.One << host) - 1;
            var start = low & ~mask & AddressRanges.Max(family);
            if ((start | mask) >= high)
            {
                return (start, start | mask);
            }
        }
        return (0, AddressRanges.Max(family));
    }

    private static string Values(IntervalSet set, BigInteger max, System.Func<BigInteger, string> single, System.Func<BigInteger, BigInteger, string>? range)
    {
        if (set.IsWhole(max))
        {
            return "any";
        }
        var complement = set.Complement(max);
        bool negate = complement.Count < set.Count || (complement.Count == set.Count && Size(complement) < Size(set));
        var shown = negate ? complement : set;
        var parts = new List<string>();
        foreach (var (low, high) in shown.Intervals)
        {
            if (low == high || range is null)
            {
                for (var v = low; v <= high && parts.Count < 64; v++)
                {
                    parts.Add(single(v));
                }
            }
            else
            {
                parts.Add(range(low, high));
            }
        }
        return (negate ? "!" : "") + Join(parts);
    }

    private static BigInteger Size(IntervalSet set) => set.Intervals.Aggregate(BigInteger.Zero, (sum, i) => sum + (i.High - i.Low) + 1);

    private static IEnumerable<BigInteger> Enumerate(IntervalSet set)
    {
        foreach (var (low, high) in set.Intervals)
        {
            for (var v = low; v <= high; v++)
            {
                yield return v;
            }
        }
    }

    private static string Join(IReadOnlyCollection<string> parts) => parts.Count == 1 ? parts.First() : "{" + string.Join(",", parts) + "}";
}
