using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// Interface names as a finite alphabet: every exact name a policy mentions, for every prefix it mentions
/// (`veth+`) one symbol for "another name with this prefix", and one for "any other name". Two names in one
/// symbol are told apart by no match of the policy, so the alphabet loses nothing.
/// </summary>
public sealed class InterfaceAlphabet
{
    private readonly string[] _exact;
    private readonly string[] _prefixes;
    private readonly string[] _representatives;
    private readonly bool _hasOther;

    public InterfaceAlphabet(IEnumerable<string> mentioned)
    {
        var names = mentioned.Distinct(StringComparer.Ordinal).ToArray();
        _exact = names.Where(n => !n.EndsWith("+", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        _prefixes = names.Where(n => n.EndsWith("+", StringComparison.Ordinal)).Select(n => n.Substring(0, n.Length - 1))
            .OrderBy(n => n, StringComparer.Ordinal).ToArray();
        // "+" alone matches every name, so no name is left for "any other".
        _hasOther = !_prefixes.Contains("");
        var representatives = new List<string>(_exact);
        foreach (var prefix in _prefixes)
        {
            representatives.Add(RepresentativeWithPrefix(prefix));
        }
        if (_hasOther)
        {
            representatives.Add(RepresentativeWithPrefix("", avoidAllPrefixes: true));
        }
        _representatives = representatives.ToArray();
    }

    public int Count => _representatives.Length;

    /// <summary>A concrete name in each symbol's class, for witnesses.</summary>
    public string Representative(int symbol) => _representatives[symbol];

    /// <summary>True when the policy names this interface exactly (not only by a prefix or as "any other").</summary>
    public bool IsExact(string name) => Array.IndexOf(_exact, name) >= 0;

    /// <summary>How a symbol reads in a table: the exact name, "veth+" for another name with a prefix, "other".</summary>
    public string Label(int symbol) => symbol < _exact.Length ? _exact[symbol]
        : symbol < _exact.Length + _prefixes.Length ? _prefixes[symbol - _exact.Length] + "+"
        : "other";

    /// <summary>The symbols whose names the interface match (exact, or a prefix with '+') accepts.</summary>
    public IntervalSet Matching(string name)
    {
        var symbols = new List<(BigInteger, BigInteger)>();
        for (int symbol = 0; symbol < Count; symbol++)
        {
            if (Matches(name, _representatives[symbol]))
            {
                symbols.Add((symbol, symbol));
            }
        }
        return IntervalSet.Of(symbols);
    }

    /// <summary>The symbol a concrete name falls in.</summary>
    public int SymbolOf(string concrete)
    {
        int exact = Array.IndexOf(_exact, concrete);
        if (exact >= 0)
        {
            return exact;
        }
        int best = -1;
        for (int i = 0; i < _prefixes.Length; i++)
        {
            if (concrete.StartsWith(_prefixes[i], StringComparison.Ordinal) && (best < 0 || _prefixes[i].Length > _prefixes[best].Length))
            {
                best = i;
            }
        }
        return best >= 0 ? _exact.Length + best : Count - 1;
    }

    /// <summary>iptables' rule: a trailing '+' matches every name with that prefix.</summary>
    public static bool Matches(string pattern, string concrete) => pattern.EndsWith("+", StringComparison.Ordinal)
        ? concrete.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.Ordinal)
        : string.Equals(pattern, concrete, StringComparison.Ordinal);

    private string RepresentativeWithPrefix(string prefix, bool avoidAllPrefixes = false)
    {
        // Names a reader recognizes first; then enough generated ones to step around any prefixes a real policy
        // lists (past that the last candidate stands).
        var candidates = (prefix.Length == 0 ? new[] { "eth0", "eth1", "ens3", "enp1s0", "wlan0" } : new[] { prefix + "0", prefix + "1" })
            .Concat(Enumerable.Range(0, 2000).Select(i => (prefix.Length > 0 ? prefix : ((char)('a' + (i % 26))).ToString()) + "x"
                + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        string candidate = prefix + "x";
        foreach (var name in candidates)
        {
            candidate = name;
            if (Array.IndexOf(_exact, candidate) >= 0)
            {
                continue;
            }
            bool clash = _prefixes.Any(p => candidate.StartsWith(p, StringComparison.Ordinal)
                && (avoidAllPrefixes || (p.Length > prefix.Length && p.StartsWith(prefix, StringComparison.Ordinal))));
            if (!clash)
            {
                return candidate;
            }
        }
        return candidate;
    }
}
