using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RuleLang.Benchmarks;

/// <summary>The command line after the mode: positional words and <c>--name value</c> pairs.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _named = new(StringComparer.Ordinal);
    private readonly List<string> _positional = new();

    public Options(IEnumerable<string> args)
    {
        using var words = args.GetEnumerator();
        while (words.MoveNext())
        {
            string word = words.Current;
            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                _named[word.Substring(2)] = words.MoveNext() ? words.Current : throw new ArgumentException($"{word} needs a value");
            }
            else
            {
                _positional.Add(word);
            }
        }
    }

    public string? Positional(int index) => index < _positional.Count ? _positional[index] : null;

    public string Text(string name, string fallback) => _named.TryGetValue(name, out string? value) ? value : fallback;

    public string? Text(string name) => _named.TryGetValue(name, out string? value) ? value : null;

    public int Int(string name, int fallback) => _named.TryGetValue(name, out string? value) ? ParseInt(value) : fallback;

    public IReadOnlyList<int> Ints(string name, string fallback) =>
        Text(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseInt).ToArray();

    public static int ParseInt(string text)
    {
        // 10k and 30k read as they are written in the issue and the docs.
        int scale = text.EndsWith('k') ? 1000 : 1;
        return int.Parse(scale == 1 ? text : text[..^1], NumberStyles.None, CultureInfo.InvariantCulture) * scale;
    }
}
