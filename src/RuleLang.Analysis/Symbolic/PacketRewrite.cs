using System;
using System.Collections.Generic;
using System.Linq;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// Everything the rules so far did to a packet, as a function of the packet that arrived: rewritten dimensions,
/// whether a REDIRECT made the host its destination, and the NAT actions taken. Immutable.
/// </summary>
public sealed class PacketRewrite : IEquatable<PacketRewrite>
{
    private readonly DimensionRewrite?[] _dimensions;

    private PacketRewrite(DimensionRewrite?[] dimensions, bool redirected, IReadOnlyList<NatAction> nat)
    {
        _dimensions = dimensions;
        Redirected = redirected;
        Nat = nat;
    }

    public static PacketRewrite None { get; } = new(new DimensionRewrite?[PacketBox.Dimensions], false, Array.Empty<NatAction>());

    public DimensionRewrite? this[Dimension dimension] => _dimensions[(int)dimension];

    /// <summary>REDIRECT sent the packet to the host itself.</summary>
    public bool Redirected { get; }

    public IReadOnlyList<NatAction> Nat { get; }

    /// <summary>True when DNAT or REDIRECT changed where the packet goes.</summary>
    public bool DestinationRewritten => _dimensions[(int)Dimension.Destination] is not null || Redirected;

    public PacketRewrite Set(Dimension dimension, IntervalSet values) => With(dimension, DimensionRewrite.SetTo(values));

    public PacketRewrite Map(Dimension dimension, int[] mapping) =>
        With(dimension, _dimensions[(int)dimension] is { } current ? current.Then(mapping) : DimensionRewrite.Map(mapping));

    public PacketRewrite WithNat(NatAction action, bool redirected = false) =>
        new(_dimensions, Redirected || redirected, Nat.Concat(new[] { action }).ToArray());

    private PacketRewrite With(Dimension dimension, DimensionRewrite rewrite)
    {
        var dimensions = (DimensionRewrite?[])_dimensions.Clone();
        dimensions[(int)dimension] = rewrite;
        return new PacketRewrite(dimensions, Redirected, Nat);
    }

    public bool Equals(PacketRewrite? other)
    {
        if (other is null)
        {
            return false;
        }
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (Redirected != other.Redirected || !Nat.SequenceEqual(other.Nat))
        {
            return false;
        }
        for (int d = 0; d < _dimensions.Length; d++)
        {
            if (!Equals(_dimensions[d], other._dimensions[d]))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as PacketRewrite);

    public override int GetHashCode() => (Nat.Count * 31) + (Redirected ? 1 : 0);
}
