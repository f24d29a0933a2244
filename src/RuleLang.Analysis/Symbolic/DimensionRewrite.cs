using System;
using System.Numerics;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// What the rules so far made of one dimension of the packet: set to one of some values (DNAT's address and
/// ports), or mapped value by value (MARK on the mark alphabet, NOTRACK and DNAT on the conntrack state).
/// A dimension with no rewrite is the packet's own value.
/// </summary>
public sealed class DimensionRewrite : IEquatable<DimensionRewrite>
{
    private DimensionRewrite(IntervalSet? constant, int[]? mapping)
    {
        Constant = constant;
        Mapping = mapping;
    }

    /// <summary>The values the dimension now holds whatever it held (a NAT target port range gives several).</summary>
    public IntervalSet? Constant { get; }

    /// <summary>For small finite dimensions: new value by old value.</summary>
    public int[]? Mapping { get; }

    public static DimensionRewrite SetTo(IntervalSet values) => new(values, null);

    public static DimensionRewrite Map(int[] mapping) => new(null, mapping);

    /// <summary>This rewrite followed by a mapping.</summary>
    public DimensionRewrite Then(int[] mapping)
    {
        if (Constant is { } constant)
        {
            var values = new System.Collections.Generic.List<(BigInteger, BigInteger)>();
            foreach (var (low, high) in constant.Intervals)
            {
                for (var v = low; v <= high; v++)
                {
                    values.Add((mapping[(int)v], mapping[(int)v]));
                }
            }
            return SetTo(IntervalSet.Of(values));
        }
        var composed = new int[Mapping!.Length];
        for (int i = 0; i < composed.Length; i++)
        {
            composed[i] = mapping[Mapping[i]];
        }
        return Map(composed);
    }

    /// <summary>The old values whose new value is in the set (for a mapping).</summary>
    public IntervalSet Preimage(IntervalSet required)
    {
        var values = new System.Collections.Generic.List<(BigInteger, BigInteger)>();
        for (int i = 0; i < Mapping!.Length; i++)
        {
            if (required.Contains(Mapping[i]))
            {
                values.Add((i, i));
            }
        }
        return IntervalSet.Of(values);
    }

    public bool Equals(DimensionRewrite? other)
    {
        if (other is null)
        {
            return false;
        }
        if (Constant is not null || other.Constant is not null)
        {
            return Constant is not null && Constant.Equals(other.Constant);
        }
        if (Mapping!.Length != other.Mapping!.Length)
        {
            return false;
        }
        for (int i = 0; i < Mapping.Length; i++)
        {
            if (Mapping[i] != other.Mapping[i])
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as DimensionRewrite);

    public override int GetHashCode() => Constant?.GetHashCode() ?? Mapping!.Length;
}
