using System.Globalization;
using System.Text;
using RuleLang.Model.Values;

namespace RuleLang.SourceWriters;

/// <summary>The .rl tokens the writer produces, each checked against grammar/rulelang.ebnf.</summary>
internal static class RlSyntax
{
    /// <summary>name = ( letter | digit | "_" ), { letter | digit | "_" | "-" | "." }.</summary>
    public static bool IsName(string text)
    {
        if (text.Length == 0 || !(IsAsciiLetterOrDigit(text[0]) || text[0] == '_'))
        {
            return false;
        }
        foreach (char c in text)
        {
            if (!(IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>interface = name, [ "+" ] | "+".</summary>
    public static bool IsInterface(string text) =>
        text == "+" || IsName(text.EndsWith("+", System.StringComparison.Ordinal) ? text.Substring(0, text.Length - 1) : text);

    /// <summary>string = '"', { string-char | escape }, '"', on one line; escape = "\" ( '"' | "\" ).</summary>
    public static bool TryString(string text, out string literal)
    {
        var output = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            if (c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029')
            {
                literal = "";
                return false;
            }
            if (c is '"' or '\\')
            {
                output.Append('\\');
            }
            output.Append(c);
        }
        literal = output.Append('"').ToString();
        return true;
    }

    public static string Number(uint value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>port-span = port, [ "-", port ].</summary>
    public static string Ports(PortSpan span) => span.ToNatString();

    /// <summary>decimal = digits, [ ".", digits ]: never an exponent.</summary>
    public static string Decimal(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOf('E') >= 0 ? ((decimal)value).ToString(CultureInfo.InvariantCulture) : text;
    }

    private static bool IsAsciiLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
}
