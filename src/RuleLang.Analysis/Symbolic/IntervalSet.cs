using System;
using System.Collections.Generic;
using System.Numerics;
using System.Text;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// A set of non-negative integers as sorted, disjoint, non-adjacent inclusive intervals. One type serves every
/// dimension of packet space: 128-bit addresses need more than a ulong, and netstandard2.0 has no UInt128.
/// </summary>
public sealed class IntervalSet : IEquatable<IntervalSet>
{
    private readonly BigInteger[] _bounds; // lo0, hi0, lo1, hi1, … normalized

    private IntervalSet(BigInteger[] bounds) => _bounds = bounds;

    public static IntervalSet Empty { get; } = new(Array.Empty<BigInteger>());

    public static IntervalSet Range(BigInteger low, BigInteger high) =>
        low > high ? Empty : new IntervalSet(new[] { low, high });

    public static IntervalSet Single(BigInteger value) => Range(value, value);

    /// <summary>Any intervals, in any order, overlapping or not.</summary>
    public static IntervalSet Of(IEnumerable<(BigInteger Low, BigInteger High)> intervals)
    {
        var list = new List<(BigInteger Low, BigInteger High)>();
        foreach (var interval in intervals)
        {
            if (interval.Low <= interval.High)
            {
                list.Add(interval);
            }
        }
        list.Sort((a, b) => a.Low.CompareTo(b.Low));
        var bounds = new List<BigInteger>(list.Count * 2);
        foreach (var (low, high) in list)
        {
            int n = bounds.Count;
            if (n > 0 && low <= bounds[n - 1] + 1)
            {
                if (high > bounds[n - 1])
                {
                    bounds[n - 1] = high;
                }
            }
            else
            {
                bounds.Add(low);
                bounds.Add(high);
            }
        }
        return new IntervalSet(bounds.ToArray());
    }

    public bool IsEmpty => _bounds.Length == 0;

    public int Count => _bounds.Length / 2;

    public BigInteger Low(int index) => _bounds[2 * index];

    public BigInteger High(int index) => _bounds[(2 * index) + 1];

    public BigInteger Min => _bounds[0];

    public BigInteger Max => _bounds[_bounds.Length - 1];

    public bool IsSingleValue => _bounds.Length == 2 && _bounds[0] == _bounds[1];

    public IEnumerable<(BigInteger Low, BigInteger High)> Intervals
    {
        get
        {
            for (int i = 0; i < _bounds.Length; i += 2)
            {
                yield return (_bounds[i], _bounds[i + 1]);
            }
        }
    }

    public bool Contains(BigInteger value)
    {
        int lo = 0, hi = Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (value < Low(mid))
            {
                hi = mid - 1;
            }
            else if (value > High(mid))
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }
        return false;
    }

    public IntervalSet Intersect(IntervalSet other)
    {
        if (IsEmpty || other.IsEmpty)
        {
            return Empty;
        }
        var bounds = new List<BigInteger>();
        int i = 0, j = 0;
        while (i < Count && j < other.Count)
        {
            var low = BigInteger.Max(Low(i), other.Low(j));
            var high = BigInteger.Min(High(i), other.High(j));
            if (low <= high)
            {
                bounds.Add(low);
                bounds.Add(high);
            }
            if (High(i) < other.High(j))
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return bounds.Count == _bounds.Length && SameAs(bounds) ? this : new IntervalSet(bounds.ToArray());
    }

    public IntervalSet Union(IntervalSet other)
    {
        if (other.IsEmpty)
        {
            return this;
        }
        if (IsEmpty)
        {
            return other;
        }
        var all = new List<(BigInteger, BigInteger)>(Intervals);
        all.AddRange(other.Intervals);
        return Of(all);
    }

    /// <summary>This set minus the other.</summary>
    public IntervalSet Subtract(IntervalSet other)
    {
        if (IsEmpty || other.IsEmpty)
        {
            return this;
        }
        var bounds = new List<BigInteger>();
        int j = 0;
        for (int i = 0; i < Count; i++)
        {
            var low = Low(i);
            var high = High(i);
            while (j < other.Count && other.High(j) < low)
            {
                j++;
            }
            int k = j;
            while (low <= high && k < other.Count && other.Low(k) <= high)
            {
                if (other.Low(k) > low)
                {
                    bounds.Add(low);
                    bounds.Add(other.Low(k) - 1);
                }
                low = BigInteger.Max(low, other.High(k) + 1);
                k++;
            }
            if (low <= high)
            {
                bounds.Add(low);
                bounds.Add(high);
            }
        }
        return new IntervalSet(bounds.ToArray());
    }

    /// <summary>The complement within [0, max].</summary>
    public IntervalSet Complement(BigInteger max) => Range(0, max).Subtract(this);

    public bool IsSubsetOf(IntervalSet other) => Subtract(other).IsEmpty;

    /// <summary>Whether the sets share a value; allocates nothing, as the analysis asks it of every box for every rule.</summary>
    public bool Overlaps(IntervalSet other)
    {
        if (IsEmpty || other.IsEmpty || Max < other.Min || other.Max < Min)
        {
            return false;
        }
        if (other.Count == 1)
        {
            return OverlapsRange(other._bounds[0], other._bounds[1]);
        }
        if (Count == 1)
        {
            return other.OverlapsRange(_bounds[0], _bounds[1]);
        }
        int i = 0, j = 0;
        while (i < Count && j < other.Count)
        {
            if (High(i) < other.Low(j))
            {
                i++;
            }
            else if (other.High(j) < Low(i))
            {
                j++;
            }
            else
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>True when this set covers every value, [0, max]: a dimension a condition does not restrict.</summary>
    public bool IsWhole(BigInteger max) => _bounds.Length == 2 && _bounds[0].IsZero && _bounds[1] == max;

    private bool OverlapsRange(BigInteger low, BigInteger high)
    {
        // The first interval whose high end reaches low; it overlaps when it starts by high.
        int lo = 0, hi = Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (High(mid) >= low)
            {
                found = mid;
                hi = mid - 1;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return found >= 0 && Low(found) <= high;
    }

    private bool SameAs(List<BigInteger> bounds)
    {
        for (int i = 0; i < bounds.Count; i++)
        {
            if (bounds[i] != _bounds[i])
            {
                return false;
            }
        }
        return true;
    }

    public bool Equals(IntervalSet? other)
    {
        if (other is null || other._bounds.Length != _bounds.Length)
        {
            return false;
        }
        for (int i = 0; i < _bounds.Length; i++)
        {
            if (_bounds[i] != other._bounds[i])
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as IntervalSet);

    public override int GetHashCode()
    {
        unchecked
        {
            int hash = 17;
            foreach (var bound in _bounds)
            {
                hash = (hash * 31) + bound.GetHashCode();
            }
            return hash;
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (low, high) in Intervals)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }
            text.Append(low);
            if (high != low)
            {
                text.Append('-').Append(high);
            }
        }
        return text.Length == 0 ? "{}" : text.ToString();
    }
}
