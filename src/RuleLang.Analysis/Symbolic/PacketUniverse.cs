using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Text;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// The packet space one question ranges over: the dimensions' domains, with interfaces and marks as alphabets
/// made from the policies asked about (two, for a diff), so that every match of theirs is exact on it.
/// </summary>
public sealed class PacketUniverse
{
    private const int PortMax = 65535;

    public PacketUniverse(InterfaceAlphabet interfaces, MarkAlphabet marks)
    {
        Interfaces = interfaces;
        Marks = marks;
    }

    public InterfaceAlphabet Interfaces { get; }

    public MarkAlphabet Marks { get; }

    /// <summary>The named sets rules may test, by name: null for one whose contents are unknown (SetIntervals).</summary>
    public IReadOnlyDictionary<string, Model.Sets.NamedSet?> Sets { get; init; } = new Dictionary<string, Model.Sets.NamedSet?>();

    public static PacketUniverse For(IEnumerable<Policy> policies, IEnumerable<string>? extraInterfaces = null)
    {
        var names = new List<string>(extraInterfaces ?? Enumerable.Empty<string>());
        var markMatches = new List<(uint, uint)>();
        var markTargets = new List<(uint, uint)>();
        foreach (var rule in policies.SelectMany(p => p.Tables).SelectMany(t => t.Chains).SelectMany(c => c.Rules))
        {
            foreach (var match in rule.Matches)
            {
                switch (match)
                {
                    case InterfaceMatch i:
                        names.Add(i.Name);
                        break;
                    case MarkMatch m:
                        markMatches.Add((m.Value & m.Mask, m.Mask));
                        break;
                }
            }
            if (rule.Target is MarkTarget mark)
            {
                markTargets.Add((mark.Value, mark.Mask));
            }
        }
        return new PacketUniverse(new InterfaceAlphabet(names), new MarkAlphabet(markMatches, markTargets)) { Sets = SetIntervals.Collect(policies) };
    }

    public BigInteger DomainMax(IpFamily family, Dimension dimension) => dimension switch
    {
        Dimension.Protocol => ProtocolNumbers.Max,
        Dimension.Source or Dimension.Destination => AddressRanges.Max(family),
        Dimension.SourcePort or Dimension.DestinationPort => PortMax,
        Dimension.InInterface or Dimension.OutInterface => Interfaces.Count - 1,
        Dimension.State => ConntrackEncoding.Count - 1,
        _ => Marks.Count - 1,
    };

    /// <summary>Every value of the dimension; one shared instance per family and dimension, so boxes can compare by reference.</summary>
    public IntervalSet Domain(IpFamily family, Dimension dimension)
    {
        var domains = family == IpFamily.IPv4 ? _domainsV4 : _domainsV6;
        return domains[(int)dimension] ??= IntervalSet.Range(0, DomainMax(family, dimension));
    }

    public PacketBox Full(IpFamily family)
    {
        var sets = new IntervalSet[PacketBox.Dimensions];
        for (int d = 0; d < sets.Length; d++)
        {
            sets[d] = Domain(family, (Dimension)d);
        }
        return new PacketBox(family, sets);
    }

    private readonly IntervalSet?[] _domainsV4 = new IntervalSet?[PacketBox.Dimensions];
    private readonly IntervalSet?[] _domainsV6 = new IntervalSet?[PacketBox.Dimensions];

    /// <summary>
    /// Packets as they arrive from the wire: any addresses, ports and interfaces, mark 0 (nothing has marked them
    /// yet), in the given conntrack states (new connections unless said otherwise).
    /// </summary>
    public PacketBox Arriving(IpFamily family, IntervalSet? states = null) => Full(family)
        .With(Dimension.Mark, IntervalSet.Single(Marks.SymbolOf(0)))
        .With(Dimension.State, states ?? IntervalSet.Single(ConntrackEncoding.Encode(ConntrackStates.New)));

    /// <summary>A packet of the set, with values a reader recognizes where the set allows (TEST-NET addresses, port 40000).</summary>
    public Packet Witness(PacketSet set)
    {
        var box = set.Boxes[0];
        return box.Pick((dimension, values) => Choose(box.Family, dimension, values));
    }

    public string Describe(Packet packet, bool withOutInterface = false)
    {
        int protocol = (int)packet[Dimension.Protocol];
        var text = new StringBuilder(ProtocolNumbers.Name(protocol)).Append(' ');
        string source = AddressRanges.Format(packet.Family, packet[Dimension.Source]);
        string destination = AddressRanges.Format(packet.Family, packet[Dimension.Destination]);
        if (ProtocolNumbers.HasPorts(protocol))
        {
            text.Append(Endpoint(packet.Family, source, packet[Dimension.SourcePort])).Append(" -> ")
                .Append(Endpoint(packet.Family, destination, packet[Dimension.DestinationPort]));
        }
        else
        {
            text.Append(source).Append(" -> ").Append(destination);
            if (ProtocolNumbers.IsIcmp(protocol))
            {
                text.Append(" type ").Append(packet[Dimension.DestinationPort]).Append(" code ").Append(packet[Dimension.SourcePort]);
            }
        }
        text.Append(" iif ").Append(Interfaces.Representative((int)packet[Dimension.InInterface]));
        if (withOutInterface)
        {
            text.Append(" oif ").Append(Interfaces.Representative((int)packet[Dimension.OutInterface]));
        }
        int state = (int)packet[Dimension.State];
        if (state != ConntrackEncoding.Encode(ConntrackStates.New))
        {
            text.Append(" state ").Append(ConntrackEncoding.Describe(state));
        }
        uint mark = Marks.Representative((int)packet[Dimension.Mark]);
        if (mark != 0)
        {
            text.Append(" mark ").Append(MarkAlphabet.Describe(mark));
        }
        return text.ToString();
    }

    private static string Endpoint(IpFamily family, string address, BigInteger port) =>
        family == IpFamily.IPv6 ? "[" + address + "]:" + port : address + ":" + port;

    private BigInteger Choose(IpFamily family, Dimension dimension, IntervalSet values)
    {
        BigInteger[] preferred = dimension switch
        {
            Dimension.Protocol => new BigInteger[] { ProtocolNumbers.Tcp, ProtocolNumbers.Udp, ProtocolNumbers.Icmp, ProtocolNumbers.Icmpv6 },
            Dimension.Source => new[] { Address(family, "203.0.113.5", "2001:db8::5") },
            Dimension.Destination => new[] { Address(family, "198.51.100.10", "2001:db8:1::10") },
            Dimension.SourcePort => new BigInteger[] { 40000 },
            Dimension.State => new BigInteger[] { ConntrackEncoding.Encode(ConntrackStates.New) },
            Dimension.Mark => new BigInteger[] { Marks.SymbolOf(0) },
            _ => System.Array.Empty<BigInteger>(),
        };
        foreach (var value in preferred)
        {
            if (values.Contains(value))
            {
                return value;
            }
        }
        var low = values.Low(0);
        bool roundAddress = dimension is Dimension.Source or Dimension.Destination && (low & 0xff) == 0;
        bool zeroPort = dimension is Dimension.SourcePort or Dimension.DestinationPort && low == 0;
        return (roundAddress || zeroPort) && low < values.High(0) ? low + 1 : low;
    }

    private static BigInteger Address(IpFamily family, string v4, string v6)
    {
        AddressRanges.TryParse(family == IpFamily.IPv4 ? v4 : v6, out _, out var value);
        return value;
    }
}
