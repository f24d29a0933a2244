using System.Collections.Generic;
using CsCheck;

namespace RuleLang.KernelTests.Properties;

/// <summary>
/// Draws from a CsCheck <see cref="PCG"/> and counts what it built, so the generator can report a
/// <see cref="Size"/> by which CsCheck orders cases while shrinking (fewer tables, chains, rules, matches: smaller).
/// </summary>
internal sealed class Rnd
{
    private readonly PCG _pcg;

    public Rnd(PCG pcg) => _pcg = pcg;

    /// <summary>How big the case is; each table, chain, rule and match adds to it.</summary>
    public ulong Complexity { get; private set; }

    public void Grow(ulong by) => Complexity += by;

    /// <summary>Uniform in [0, n).</summary>
    public int Below(int n) => n <= 1 ? 0 : (int)_pcg.Next((uint)n);

    /// <summary>Uniform in [low, high].</summary>
    public int Between(int low, int high) => low + Below(high - low + 1);

    public long Between(long low, long high) => low + (long)_pcg.Next64((ulong)(high - low + 1));

    public uint UInt() => _pcg.Next();

    public bool Chance(double p) => _pcg.Next() < p * 4294967296.0;

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    /// <summary>Small counts far more often than large ones: 0 half the time up to max, geometric.</summary>
    public int Few(int max, double more = 0.5)
    {
        int n = 0;
        while (n < max && Chance(more))
        {
            n++;
        }

        return n;
    }

    public double Unit() => (_pcg.Next64() >> 11) * (1.0 / (1UL << 53));

    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = Below(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
