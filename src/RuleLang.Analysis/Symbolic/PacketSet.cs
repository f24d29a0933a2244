using System.Collections.Generic;
using System.Linq;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// A set of packets as a union of boxes, disjoint when made by these operations (the analysis may join
/// overlapping ones, which every operation here allows). Immutable; every operation is exact.
/// </summary>
public sealed class PacketSet
{
    public PacketSet(IReadOnlyList<PacketBox> boxes) => Boxes = boxes;

    public static PacketSet Empty { get; } = new(System.Array.Empty<PacketBox>());

    public static PacketSet Of(PacketBox box) => box.IsEmpty ? Empty : new PacketSet(new[] { box });

    public IReadOnlyList<PacketBox> Boxes { get; }

    public bool IsEmpty => Boxes.Count == 0;

    public bool Contains(Packet packet) => Boxes.Any(b => b.Contains(packet));

    public PacketSet Intersect(PacketBox box)
    {
        var result = new List<PacketBox>();
        foreach (var mine in Boxes)
        {
            if (mine.Intersect(box) is { } common)
            {
                result.Add(common);
            }
        }
        return result.Count == Boxes.Count && result.Zip(Boxes, ReferenceEquals).All(x => x) ? this : Make(result);
    }

    public PacketSet Intersect(PacketSet other)
    {
        var result = new List<PacketBox>();
        foreach (var mine in Boxes)
        {
            foreach (var theirs in other.Boxes)
            {
                if (mine.Intersect(theirs) is { } common)
                {
                    result.Add(common);
                }
            }
        }
        return Make(result);
    }

    public PacketSet Subtract(PacketBox box)
    {
        var result = new List<PacketBox>(Boxes.Count + 4);
        bool changed = false;
        foreach (var mine in Boxes)
        {
            int before = result.Count;
            mine.SubtractInto(box, result);
            changed |= result.Count != before + 1 || !ReferenceEquals(result[before], mine);
        }
        return changed ? Make(result) : this;
    }

    public PacketSet Subtract(PacketSet other)
    {
        var current = this;
        foreach (var box in other.Boxes)
        {
            if (current.IsEmpty)
            {
                break;
            }
            current = current.Subtract(box);
        }
        return current;
    }

    /// <summary>The union, kept disjoint: the other's part outside this set is added.</summary>
    public PacketSet Union(PacketSet other)
    {
        if (other.IsEmpty)
        {
            return this;
        }
        if (IsEmpty)
        {
            return other;
        }
        var extra = other.Subtract(this);
        return extra.IsEmpty ? this : Make(Boxes.Concat(extra.Boxes).ToList());
    }

    public bool IsSubsetOf(PacketSet other) => Subtract(other).IsEmpty;

    public bool Overlaps(PacketSet other) => Boxes.Any(a => other.Boxes.Any(a.Overlaps));

    /// <summary>
    /// Fewer, larger boxes for printing: two boxes that differ on one dimension only become one. The set stays
    /// the same; disjointness is kept because merged boxes were disjoint on that dimension.
    /// </summary>
    public PacketSet Compact()
    {
        var boxes = Boxes.ToList();
        bool merged = true;
        while (merged && boxes.Count > 1 && boxes.Count < 4000)
        {
            merged = false;
            for (int i = 0; i < boxes.Count && !merged; i++)
            {
                for (int j = i + 1; j < boxes.Count; j++)
                {
                    int d = boxes[i].SoleDifference(boxes[j]);
                    if (d >= 0)
                    {
                        boxes[i] = boxes[i].With((Dimension)d, boxes[i][d].Union(boxes[j][d]));
                        boxes.RemoveAt(j);
                        merged = true;
                        break;
                    }
                }
            }
        }
        return new PacketSet(boxes);
    }

    private static PacketSet Make(List<PacketBox> boxes) => boxes.Count == 0 ? Empty : new PacketSet(boxes);
}
