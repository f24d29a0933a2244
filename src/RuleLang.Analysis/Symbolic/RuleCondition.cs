using System.Linq;
using System.Numerics;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// What a rule's matches ask of a packet, in one family: a box (each match limits one dimension, so their
/// conjunction is a box), or null when no packet of the family can match. Matches that depend on more than the
/// packet (random, nth, limit, recent --rcheck, addrtype) make the condition opaque: a packet in the box may or
/// may not match, and the analysis follows both ways.
/// </summary>
public sealed record RuleCondition(PacketBox? Box, bool Opaque)
{
    public static RuleCondition For(Rule rule, PacketUniverse universe, IpFamily family) => For(rule.Matches, universe, family);

    public static RuleCondition For(System.Collections.Generic.IEnumerable<Match> matches, PacketUniverse universe, IpFamily family)
    {
        var box = universe.Full(family);
        bool opaque = false;
        foreach (var match in matches)
        {
            switch (match)
            {
                case ProtocolMatch p:
                    box = Limit(box, Dimension.Protocol, ProtocolNumbers.Set(p.Protocol), p.Negated, universe, family);
                    break;
                case AddressMatch a when a.Network is { } network:
                    var addresses = network.Family == family ? AddressRanges.Set(network) : IntervalSet.Empty;
                    box = Limit(box, a.Side == AddressSide.Source ? Dimension.Source : Dimension.Destination, addresses, a.Negated, universe, family);
                    break;
                case AddressRangeMatch r when r.Ends is { } ends:
                    var interval = ends.From.Family == family
                        ? IntervalSet.Range(AddressRanges.Range(ends.From).Low, AddressRanges.Range(ends.To).Low)
                        : IntervalSet.Empty;
                    box = Limit(box, r.Side == AddressSide.Source ? Dimension.Source : Dimension.Destination, interval, r.Negated, universe, family);
                    break;
                case SetMatch set when SetIntervals.Of(set, universe.Sets, family) is { } members:
                    box = Limit(box, members.Dimension, members.Values, set.Negated, universe, family);
                    break;
                case PortMatch port:
                    var ports = IntervalSet.Of(port.Ports.Select(s => ((BigInteger)s.Low, (BigInteger)s.High)));
                    box = Limit(box, port.Side == AddressSide.Source ? Dimension.SourcePort : Dimension.DestinationPort, ports, port.Negated, universe, family);
                    break;
                case InterfaceMatch i:
                    box = Limit(box, i.Side == InterfaceSide.In ? Dimension.InInterface : Dimension.OutInterface, universe.Interfaces.Matching(i.Name), i.Negated, universe, family);
                    break;
                case ConntrackMatch c:
                    box = Limit(box, Dimension.State, ConntrackEncoding.Matching(c.States), c.Negated, universe, family);
                    break;
                case MarkMatch m:
                    box = box.With(Dimension.Mark, box[Dimension.Mark].Intersect(universe.Marks.Matching(m.Value & m.Mask, m.Mask, m.Negated)));
                    break;
                case IcmpTypeMatch icmp:
                    box = Limit(box, Dimension.DestinationPort, IntervalSet.Single(icmp.Type), false, universe, family);
                    if (icmp.Code is { } code)
                    {
                        box = Limit(box, Dimension.SourcePort, IntervalSet.Single(code), false, universe, family);
                    }
                    break;
                case CommentMatch:
                case NfacctMatch:
                case RecentMatch { Command: RecentCommand.Set }:
                    break;
                default:
                    opaque = true;
                    break;
            }
        }
        return new RuleCondition(box.IsEmpty ? null : box, opaque);
    }

    private static PacketBox Limit(PacketBox box, Dimension dimension, IntervalSet values, bool negated, PacketUniverse universe, IpFamily family)
    {
        var allowed = negated ? values.Complement(universe.DomainMax(family, dimension)) : values;
        return box.With(dimension, box[dimension].Intersect(allowed));
    }
}
