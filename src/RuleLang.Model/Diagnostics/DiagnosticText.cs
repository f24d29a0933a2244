using System.Globalization;
using System.Text;

namespace RuleLang.Model.Diagnostics;

/// <summary>
/// Makes text that came from an input file safe to print in a terminal, a log or a diff. A hostile file could
/// otherwise clear the screen or fake a line of output (ESC, CR, C1's CSI), or reorder what is shown (bidi
/// overrides). The rule, applied to every diagnostic message and path: a code point is escaped when it is a
/// control character (C0 U+0000–U+001F including tab and line feed, DEL U+007F, C1 U+0080–U+009F), a format
/// character (Unicode category Cf: bidi marks, embeddings, overrides and isolates, zero-width characters, the BOM,
/// the soft hyphen, tag characters), a line or paragraph separator (U+2028, U+2029), or half of a surrogate pair.
/// Below U+0100 it is written <c>\xhh</c>, other BMP code points <c>\uhhhh</c> and others <c>\Uhhhhhhhh</c>.
/// Backslash itself is left alone, so escaping is idempotent and text escaped earlier is not escaped twice.
/// </summary>
public static class DiagnosticText
{
    public static string Escape(string text)
    {
        if (text is null)
        {
            return "";
        }
        var safe = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            bool pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (IsUnsafe(text, i))
            {
                int codePoint = pair ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
                safe.Append(codePoint < 0x100 ? "\\x" + codePoint.ToString("x2", CultureInfo.InvariantCulture)
                    : codePoint < 0x10000 ? "\\u" + codePoint.ToString("x4", CultureInfo.InvariantCulture)
                    : "\\U" + codePoint.ToString("x8", CultureInfo.InvariantCulture));
            }
            else
            {
                safe.Append(text[i]);
                if (pair)
                {
                    safe.Append(text[i + 1]);
                }
            }
            if (pair)
            {
                i++;
            }
        }
        return safe.ToString();
    }

    /// <summary>Whether the code point at <paramref name="index"/> (a whole surrogate pair, if one starts there) is escaped.</summary>
    private static bool IsUnsafe(string text, int index)
    {
        char c = text[index];
        if (c < ' ' || (c >= 0x7f && c < 0xa0))
        {
            return true;
        }
        if (c < 0xa0)
        {
            return false;
        }
        // GetUnicodeCategory(string, int) reads a well-formed pair as one code point; a lone half is Surrogate.
        return CharUnicodeInfo.GetUnicodeCategory(text, index) is UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.Control;
    }
}
