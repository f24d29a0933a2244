using System.Collections.Generic;
using System.Numerics;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Symbolic;

/// <summary>A product of one value set per dimension, within one address family.</summary>
public sealed class PacketBox
{
    public const int Dimensions = 9;

    private readonly IntervalSet[] _sets;

    public PacketBox(IpFamily family, IntervalSet[] sets)
    {
        Family = family;
        _sets = sets;
    }

    public IpFamily Family { get; }

    public IntervalSet this[Dimension dimension] => _sets[(int)dimension];

    public IntervalSet this[int dimension] => _sets[dimension];

    public bool IsEmpty
    {
        get
        {
            foreach (var set in _sets)
            {
                if (set.IsEmpty)
                {
                    return true;
                }
            }
            return false;
        }
    }

    public PacketBox With(Dimension dimension, IntervalSet set)
    {
        var sets = (IntervalSet[])_sets.Clone();
        sets[(int)dimension] = set;
        return new PacketBox(Family, sets);
    }

    public bool Contains(Packet packet)
    {
        if (packet.Family != Family)
        {
            return false;
        }
        for (int d = 0; d < Dimensions; d++)
        {
            if (!_sets[d].Contains(packet.Coordinates[d]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether the boxes share a packet, without making the common box.</summary>
    public bool Overlaps(PacketBox other)
    {
        if (other.Family != Family)
        {
            return false;
        }
        foreach (int d in OverlapOrder)
        {
            if (!ReferenceEquals(_sets[d], other._sets[d]) && !_sets[d].Overlaps(other._sets[d]))
            {
                return false;
            }
        }
        return true;
    }

    // Rules tell packets apart by destination and port most often, so testing those first rejects fastest.
    private static readonly int[] OverlapOrder =
    {
        (int)Dimension.Destination, (int)Dimension.DestinationPort, (int)Dimension.Source, (int)Dimension.Protocol,
        (int)Dimension.InInterface, (int)Dimension.State, (int)Dimension.Mark, (int)Dimension.SourcePort, (int)Dimension.OutInterface,
    };

    /// <summary>The common part, or null when there is none.</summary>
    public PacketBox? Intersect(PacketBox other)
    {
        if (!Overlaps(other))
        {
            return null;
        }
        IntervalSet[]? sets = null;
        for (int d = 0; d < Dimensions; d++)
        {
            var common = ReferenceEquals(_sets[d], other._sets[d]) ? _sets[d] : _sets[d].Intersect(other._sets[d]);
            if (common.IsEmpty)
            {
                return null;
            }
            if (!ReferenceEquals(common, _sets[d]))
            {
                sets ??= (IntervalSet[])_sets.Clone();
                sets[d] = common;
            }
        }
        return sets is null ? this : new PacketBox(Family, sets);
    }

    /// <summary>
    /// This box minus the other as disjoint boxes: for each dimension in turn, the part outside the other's set
    /// there, within the other's sets on the dimensions before it.
    /// </summary>
    public void SubtractInto(PacketBox other, List<PacketBox> output)
    {
        if (!Overlaps(other))
        {
            output.Add(this);
            return;
        }
        var current = (IntervalSet[])_sets.Clone();
        for (int d = 0; d < Dimensions; d++)
        {
            var outside = current[d].Subtract(other._sets[d]);
            if (!outside.IsEmpty)
            {
                var piece = (IntervalSet[])current.Clone();
                piece[d] = outside;
                output.Add(new PacketBox(Family, piece));
            }
            current[d] = current[d].Intersect(other._sets[d]);
        }
    }

    public bool IsSubsetOf(PacketBox other)
    {
        if (other.Family != Family)
        {
            return false;
        }
        for (int d = 0; d < Dimensions; d++)
        {
            if (!_sets[d].IsSubsetOf(other._sets[d]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The dimensions where the two boxes differ, or -1 when more than one does (or none).</summary>
    public int SoleDifference(PacketBox other)
    {
        if (other.Family != Family)
        {
            return -1;
        }
        int found = -1;
        for (int d = 0; d < Dimensions; d++)
        {
            if (!_sets[d].Equals(other._sets[d]))
            {
                if (found >= 0)
                {
                    return -1;
                }
                found = d;
            }
        }
        return found;
    }

    public Packet Pick(System.Func<Dimension, IntervalSet, BigInteger> choose)
    {
        var coordinates = new BigInteger[Dimensions];
        for (int d = 0; d < Dimensions; d++)
        {
            coordinates[d] = choose((Dimension)d, _sets[d]);
        }
        return new Packet(Family, coordinates);
    }
}
