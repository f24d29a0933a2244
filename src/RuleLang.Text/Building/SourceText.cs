using System.Collections.Generic;

namespace RuleLang.Text.Building;

/// <summary>
/// A file as lines of code: split at any line break (LF, CRLF or CR), each cut at a '#' that is not inside a
/// string. Statements are parsed from these, so a comment can never reach the grammar.
/// </summary>
internal sealed class SourceText
{
    private readonly List<string> _code = new();

    public SourceText(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || text[i] == '\r')
            {
                _code.Add(WithoutComment(text.Substring(start, i - start)));
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            _code.Add(WithoutComment(text.Substring(start)));
        }
    }

    public int Count => _code.Count;

    /// <summary>Line <paramref name="index"/> (0-based) without its comment.</summary>
    public string Code(int index) => _code[index];

    /// <summary>How many '{' the line leaves open (negative when it closes more), strings not counted.</summary>
    public int BraceBalance(int index)
    {
        string code = _code[index];
        int balance = 0;
        for (int i = NextOutsideString(code, 0); i < code.Length; i = NextOutsideString(code, i + 1))
        {
            balance += code[i] == '{' ? 1 : code[i] == '}' ? -1 : 0;
        }
        return balance;
    }

    private static string WithoutComment(string line)
    {
        for (int i = NextOutsideString(line, 0); i < line.Length; i = NextOutsideString(line, i + 1))
        {
            if (line[i] == '#')
            {
                return line.Substring(0, i);
            }
        }
        return line;
    }

    /// <summary>
    /// The index of the first character at or after <paramref name="from"/> that is outside a string (strings are
    /// skipped whole, with their '\' escapes), or the line's length. A quote is itself skipped with its string, so a
    /// scan never sees '"'; a line starts outside any string.
    /// </summary>
    private static int NextOutsideString(string line, int from)
    {
        int i = from;
        while (i < line.Length && line[i] == '"')
        {
            i++;
            while (i < line.Length && line[i] != '"')
            {
                i += line[i] == '\\' ? 2 : 1;
            }
            i++;
        }
        return i < line.Length ? i : line.Length;
    }
}
