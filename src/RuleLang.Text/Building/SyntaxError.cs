using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Text.Syntax;
using Sprache;

namespace RuleLang.Text.Building;

/// <summary>
/// A Sprache failure as RL0401 wants it: the place of the token that did not fit (parsers fail before the
/// blanks that precede it), what the grammar expected there, and the token found, as short printable text.
/// </summary>
internal static class SyntaxError
{
    private const int MaxShown = 40;

    public static (int Line, int Column, string Expected, string Found) Describe<T>(IResult<T> failure, string text)
    {
        int offset = Tokens.SkipBlanks(text, failure.Remainder.Position);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, offset - lineStart + 1, Expected(failure.Expectations), Found(text, offset));
    }

    private static string Expected(IEnumerable<string> expectations)
    {
        var distinct = expectations.Distinct().ToArray();
        return distinct.Length switch
        {
            0 => "something else",
            1 => distinct[0],
            _ => string.Join(", ", distinct.Take(distinct.Length - 1)) + " or " + distinct[distinct.Length - 1],
        };
    }

    private static string Found(string text, int offset)
    {
        if (offset >= text.Length)
        {
            return "end of line";
        }
        int end = offset + 1;
        if (text[offset] == '"')
        {
            while (end < text.Length && text[end] != '"' && text[end] != '\n')
            {
                end++;
            }
            end = end < text.Length && text[end] == '"' ? end + 1 : end;
        }
        else if (!IsSeparator(text[offset]))
        {
            while (end < text.Length && !IsSeparator(text[end]) && !Tokens.IsBlank(text[end]))
            {
                end++;
            }
        }
        return "'" + Printable(text, offset, end) + "'";
    }

    private static bool IsSeparator(char c) => c is ',' or '{' or '}' or '"' or '=' or '[' or ']';

    /// <summary>Control characters as \xNN or \uNNNN, so binary junk cannot garble a terminal; long tokens cut short.</summary>
    private static string Printable(string text, int start, int end)
    {
        var shown = new StringBuilder();
        for (int i = start; i < end && shown.Length < MaxShown; i++)
        {
            char c = text[i];
            if (c < ' ' || c == '\x7f' || (c >= '\x80' && c < '\xa0') || char.IsSurrogate(c) || c == '\ufffd')
            {
                shown.Append(c < '\x100' ? "\\x" : "\\u").Append(((int)c).ToString(c < '\x100' ? "x2" : "x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                shown.Append(c);
            }
        }
        if (end - start > MaxShown)
        {
            shown.Append('…');
        }
        return shown.ToString();
    }
}
