using System.Globalization;
using System.Text;

namespace RuleLang.SourceWriters;

/// <summary>
/// Text placed in a line comment: every character that a compiler or parser could take for a line end (control
/// characters, U+0085, U+2028, U+2029) is shown as \uXXXX instead, so the comment cannot end early.
/// </summary>
internal static class CommentText
{
    public static string Clean(string text)
    {
        var output = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                output.Append(c).Append(text[++i]);
            }
            else if (c < ' ' || c == '\u007f' || c == '\u0085' || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c))
            {
                output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                output.Append(c);
            }
        }
        return output.ToString();
    }
}
