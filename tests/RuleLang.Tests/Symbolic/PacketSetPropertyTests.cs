using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CsCheck;
using NUnit.Framework;
using RuleLang.Analysis.Symbolic;
using RuleLang.Model.Netfilter;

namespace RuleLang.Tests.Symbolic;

/// <summary>
/// The set operations against a brute-force check: random sets built from boxes whose bounds come from a small
/// pool of values per dimension (so boxes overlap often), probed at random points of the same pools.
/// </summary>
public class PacketSetPropertyTests
{
    private static readonly PacketUniverse Universe = new(
        new InterfaceAlphabet(new[] { "eth0", "eth+", "lo" }), new MarkAlphabet(new[] { (0x4000u, 0x4000u) }, new[] { (0x4000u, 0x4000u) }));

    private static BigInteger[] Pool(IpFamily family, Dimension dimension)
    {
        var max = Universe.DomainMax(family, dimension);
        var values = new List<BigInteger> { 0, 1, 2, 3, max - 1, max };
        if (max > 10)
        {
            values.AddRange(new BigInteger[] { 6, 17, 22, 80, max / 2, (max / 2) + 1 });
        }
        return values.Where(v => v >= 0 && v <= max).Distinct().OrderBy(v => v).ToArray();
    }

    private static Gen<IntervalSet> GenSet(IpFamily family, Dimension dimension)
    {
        var pool = Pool(family, dimension);
        var interval = Gen.Select(Gen.Int[0, pool.Length - 1], Gen.Int[0, pool.Length - 1],
            (a, b) => (Low: pool[System.Math.Min(a, b)], High: pool[System.Math.Max(a, b)]));
        return Gen.Frequency(
            (1, Gen.Const(Universe.Domain(family, dimension))),
            (3, interval.Array[1, 3].Select(list => IntervalSet.Of(list))));
    }

    private static Gen<PacketBox> GenBox(IpFamily family) =>
        Enumerable.Range(0, PacketBox.Dimensions)
            .Select(d => GenSet(family, (Dimension)d))
            .Aggregate(Gen.Const(new List<IntervalSet>()), (acc, g) => Gen.Select(acc, g, (list, set) => new List<IntervalSet>(list) { set }))
            .Select(list => new PacketBox(family, list.ToArray()));

    private static readonly Gen<IpFamily> GenFamily = Gen.Frequency((4, Gen.Const(IpFamily.IPv4)), (1, Gen.Const(IpFamily.IPv6)));

    private static readonly Gen<PacketSet> GenPacketSet =
        GenFamily.SelectMany(f => GenBox(f).Array[0, 3]).Select(boxes => boxes.Aggregate(PacketSet.Empty, (s, b) => s.Union(PacketSet.Of(b))));

    private static readonly Gen<Packet> GenPacket = GenFamily.SelectMany(f =>
        Enumerable.Range(0, PacketBox.Dimensions)
            .Select(d => Gen.Int[0, Pool(f, (Dimension)d).Length - 1].Select(i => Pool(f, (Dimension)d)[i]))
            .Aggregate(Gen.Const(new List<BigInteger>()), (acc, g) => Gen.Select(acc, g, (list, v) => new List<BigInteger>(list) { v }))
            .Select(list => new Packet(f, list.ToArray())));

    private static void ForAll(System.Action<PacketSet, PacketSet, Packet[]> check) =>
        Gen.Select(GenPacketSet, GenPacketSet, GenPacket.Array[40]).Sample((a, b, points) => check(a, b, points), iter: 400);

    [Test]
    public void Intersection_contains_exactly_the_common_points() => ForAll((a, b, points) =>
    {
        var both = a.Intersect(b);
        foreach (var p in points)
        {
            Assert.That(both.Contains(p), Is.EqualTo(a.Contains(p) && b.Contains(p)));
        }
    });

    [Test]
    public void Difference_contains_exactly_the_points_of_the_first_only() => ForAll((a, b, points) =>
    {
        var rest = a.Subtract(b);
        foreach (var p in points.Concat(a.Boxes.Select(x => Universe.Witness(PacketSet.Of(x)))))
        {
            Assert.That(rest.Contains(p), Is.EqualTo(a.Contains(p) && !b.Contains(p)));
        }
    });

    [Test]
    public void Union_contains_exactly_the_points_of_either_and_stays_disjoint() => ForAll((a, b, points) =>
    {
        var either = a.Union(b);
        foreach (var p in points)
        {
            Assert.That(either.Contains(p), Is.EqualTo(a.Contains(p) || b.Contains(p)));
            Assert.That(either.Boxes.Count(x => x.Contains(p)), Is.LessThanOrEqualTo(1), "boxes overlap");
        }
    });

    [Test]
    public void A_witness_is_in_the_set_and_an_empty_set_has_no_point() => ForAll((a, b, points) =>
    {
        var both = a.Intersect(b);
        if (both.IsEmpty)
        {
            Assert.That(points.Any(both.Contains), Is.False);
            Assert.That(a.Intersect(b).Subtract(a).IsEmpty, Is.True);
        }
        else
        {
            var witness = Universe.Witness(both);
            Assert.That(a.Contains(witness) && b.Contains(witness), Is.True);
        }
    });

    [Test]
    public void Compacting_keeps_the_same_points() => ForAll((a, b, points) =>
    {
        var either = a.Union(b);
        var compact = either.Compact();
        Assert.That(compact.Boxes.Count, Is.LessThanOrEqualTo(either.Boxes.Count));
        foreach (var p in points)
        {
            Assert.That(compact.Contains(p), Is.EqualTo(either.Contains(p)));
        }
    });

    [Test]
    public void Subset_agrees_with_difference() => ForAll((a, b, _) =>
    {
        Assert.That(a.Intersect(b).IsSubsetOf(a), Is.True);
        Assert.That(a.IsSubsetOf(b), Is.EqualTo(a.Subtract(b).IsEmpty));
    });

    [Test]
    public void Interface_alphabet_agrees_with_iptables_name_matching()
    {
        var alphabet = new InterfaceAlphabet(new[] { "eth0", "eth+", "veth+", "ve+", "lo" });
        var patterns = new[] { "eth0", "eth+", "veth+", "ve+", "lo", "+" };
        var names = new[] { "eth0", "eth1", "ethx", "veth9", "vex", "lo", "wlan0", "e", "v" };
        foreach (var name in names)
        {
            int symbol = alphabet.SymbolOf(name);
            foreach (var pattern in patterns)
            {
                Assert.That(alphabet.Matching(pattern).Contains(symbol), Is.EqualTo(InterfaceAlphabet.Matches(pattern, name)), $"{pattern} vs {name}");
            }
        }
    }

    [Test]
    public void Cidrs_cover_an_interval_exactly()
    {
        Assert.That(AddressRanges.Cidrs(IpFamily.IPv4, 0, AddressRanges.Max(IpFamily.IPv4)), Is.EqualTo(new[] { "0.0.0.0/0" }));
        AddressRanges.TryParse("10.0.0.1", out _, out var low);
        AddressRanges.TryParse("10.0.0.6", out _, out var high);
        Assert.That(AddressRanges.Cidrs(IpFamily.IPv4, low, high), Is.EqualTo(new[] { "10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32" }));
    }
}
