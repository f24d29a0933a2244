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
        bool inString = false;
        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '{')
            {
                balance++;
            }
            else if (c == '}')
            {
                balance--;
            }
        }
        return balance;
    }

    private static string WithoutComment(string line)
    {
        bool inString = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '#')
            {
                return line.Substring(0, i);
            }
        }
        return line;
    }
}
