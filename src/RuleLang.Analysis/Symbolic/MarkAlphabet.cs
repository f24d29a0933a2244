using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// Packet marks as a finite alphabet: 0 (what a packet arrives with), every value a mark match names, everything
/// the policy's MARK targets make of those, and one symbol "other" for the values no match of the policy tells
/// apart from a chosen representative. MARK targets are functions on this alphabet.
/// </summary>
public sealed class MarkAlphabet
{
    private const int MaxValues = 512;
    private readonly uint[] _values; // the last is the representative of "other"

    public MarkAlphabet(IEnumerable<(uint Value, uint Mask)> matches, IEnumerable<(uint Value, uint Mask)> targets)
    {
        var matchList = matches.Distinct().ToArray();
        var targetList = targets.Distinct().ToArray();
        var values = new List<uint> { 0 };
        foreach (var (value, _) in matchList)
        {
            if (!values.Contains(value))
            {
                values.Add(value);
            }
        }
        uint other = ChooseOther(values, matchList);
        var queue = new Queue<uint>(values);
        queue.Enqueue(other);
        while (queue.Count > 0 && values.Count < MaxValues)
        {
            uint current = queue.Dequeue();
            foreach (var target in targetList)
            {
                uint next = Apply(current, target.Value, target.Mask);
                if (next != other && !values.Contains(next))
                {
                    values.Add(next);
                    queue.Enqueue(next);
                }
            }
        }
        values.Add(other);
        _values = values.ToArray();
    }

    public int Count => _values.Length;

    public int OtherSymbol => _values.Length - 1;

    public uint Representative(int symbol) => _values[symbol];

    public int SymbolOf(uint mark)
    {
        int index = System.Array.IndexOf(_values, mark);
        return index >= 0 ? index : OtherSymbol;
    }

    /// <summary>-m mark [!] --mark value/mask.</summary>
    public IntervalSet Matching(uint value, uint mask, bool negated)
    {
        var symbols = new List<(BigInteger, BigInteger)>();
        for (int symbol = 0; symbol < Count; symbol++)
        {
            if (((_values[symbol] & mask) == value) != negated)
            {
                symbols.Add((symbol, symbol));
            }
        }
        return IntervalSet.Of(symbols);
    }

    /// <summary>MARK --set-xmark value/mask as a function on the alphabet.</summary>
    public int[] Transform(uint value, uint mask)
    {
        var map = new int[Count];
        for (int symbol = 0; symbol < Count; symbol++)
        {
            map[symbol] = SymbolOf(Apply(_values[symbol], value, mask));
        }
        return map;
    }

    /// <summary>The kernel's --set-xmark: clear the mask's bits, then XOR the value in.</summary>
    public static uint Apply(uint mark, uint value, uint mask) => (mark & ~mask) ^ value;

    public static string Describe(uint mark) => "0x" + mark.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    private static uint ChooseOther(List<uint> values, (uint Value, uint Mask)[] matches)
    {
        for (uint i = 0; i < 100000; i++)
        {
            uint candidate = 0x5a000001u + (i * 0x10003u);
            if (!values.Contains(candidate) && matches.All(m => (candidate & m.Mask) != m.Value))
            {
                return candidate;
            }
        }
        return 0x5a000001u;
    }
}
