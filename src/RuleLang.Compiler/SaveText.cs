using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Importers.Iptables;

namespace RuleLang.Compiler;

/// <summary>
/// iptables-save (or iptables-restore input) read line by line, each line kept as written: the tables in order,
/// each with its chain declarations and its rules by chain. Nothing is interpreted beyond a line's first words,
/// so another owner's lines go back out byte for byte.
/// </summary>
internal sealed class SaveText
{
    public List<string> Preamble { get; } = new();

    public List<SaveTable> Tables { get; } = new();

    public static SaveText Parse(string text)
    {
        var save = new SaveText();
        SaveTable? table = null;
        string? pendingComment = null;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("*", StringComparison.Ordinal))
            {
                table = new SaveTable(line.Substring(1));
                save.Tables.Add(table);
            }
            else if (line.StartsWith("#", StringComparison.Ordinal))
            {
                if (table is null)
                {
                    save.Preamble.Add(line);
                }
                else
                {
                    pendingComment = line;
                }
                continue;
            }
            else if (table is null || line.Length == 0)
            {
                continue;
            }
            else if (line == "COMMIT")
            {
                table = null;
            }
            else if (line.StartsWith(":", StringComparison.Ordinal))
            {
                table.Declarations.Add(new SaveChain(FirstWord(line.Substring(1)), line));
            }
            else
            {
                table.Rules.Add(SaveRule.Parse(line, pendingComment));
            }
            pendingComment = null;
        }
        return save;
    }

    public SaveTable? Find(string table) => Tables.FirstOrDefault(t => t.Name == table);

    internal static string FirstWord(string text)
    {
        int space = text.IndexOf(' ');
        return space < 0 ? text : text.Substring(0, space);
    }
}

internal sealed record SaveTable(string Name)
{
    public List<SaveChain> Declarations { get; } = new();

    public List<SaveRule> Rules { get; } = new();

    public IEnumerable<SaveRule> RulesOf(string chain) => Rules.Where(r => r.Chain == chain);
}

/// <summary>":NAME POLICY [packets:bytes]", kept whole.</summary>
internal sealed record SaveChain(string Name, string Line)
{
    /// <summary>The declaration with its counters zeroed, as RuleLang emits it.</summary>
    public string WithoutCounters
    {
        get
        {
            int bracket = Line.LastIndexOf(" [", StringComparison.Ordinal);
            return bracket < 0 ? Line : Line.Substring(0, bracket) + " [0:0]";
        }
    }
}

/// <summary>
/// One rule line: "-A CHAIN …" (or "-I CHAIN 1 …" in an emitted ruleset, or "[p:b] -A …" from iptables-save -c),
/// its chain, its jump target, and its comment argument; <see cref="Before"/> is a comment line just above it.
/// </summary>
internal sealed record SaveRule(string Line, string Chain, string? Target, IReadOnlyList<string> Comments, string? Before)
{
    public static SaveRule Parse(string line, string? before)
    {
        string rule = WithoutCountersOf(line);
        // The chain name as iptables-save prints it: raw, up to the next space (it may hold a quote or a backslash).
        string chain = rule.StartsWith("-A ", StringComparison.Ordinal) || rule.StartsWith("-I ", StringComparison.Ordinal)
            ? SaveText.FirstWord(rule.Substring(3))
            : "";
        IptablesTokenizer.TryTokenize(rule.Substring(Math.Min(rule.Length, 3 + chain.Length)), out var tokens, out _);
        string? target = null;
        var comments = new List<string>();
        // Left to right, an option's value skipped with it: a comment that reads "-j X" is a comment.
        for (int i = 0; i + 1 < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Quoted)
            {
                continue;
            }
            if (token.Text == "--comment")
            {
                comments.Add(tokens[++i].Text);
            }
            else if (token.Text is "-j" or "-g" or "--jump" or "--goto" && target is null)
            {
                target = tokens[++i].Text;
            }
        }
        return new SaveRule(line, chain, target, comments, before);
    }

    /// <summary>True when the rule jumps to <paramref name="chain"/> (-j or -g).</summary>
    public bool JumpsTo(string chain) => Target == chain;

    /// <summary>The line without iptables-save -c's leading counters.</summary>
    public string WithoutCounters => WithoutCountersOf(Line);

    private static string WithoutCountersOf(string line) =>
        line.StartsWith("[", StringComparison.Ordinal) && line.IndexOf("] ", StringComparison.Ordinal) is var end and > 0
            ? line.Substring(end + 2)
            : line;
}
