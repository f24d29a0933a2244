using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace RuleLang.SourceWriters;

/// <summary>C# literals and identifiers as the writer produces them.</summary>
internal static class CSharpSyntax
{
    private static readonly HashSet<string> Keywords = new(System.StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>A regular string literal: quotes, backslashes and every character that could end a line escaped.</summary>
    public static string String(string text)
    {
        var output = new StringBuilder(text.Length + 2).Append('"');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '"':
                    output.Append("\\\"");
                    break;
                case '\\':
                    output.Append("\\\\");
                    break;
                default:
                    bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                    if (pair)
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
                    break;
            }
        }
        return output.Append('"').ToString();
    }

    public static string Hex(uint value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Double(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    public static bool IsIdentifier(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c == '_') && !Keywords.Contains(text);

    public static bool IsNamespace(string text) => text.Split('.').All(IsIdentifier);

    /// <summary>A camelCase identifier from words split at anything that is not a letter or digit: KUBE-SVC-X → kubeSvcX.</summary>
    public static string CamelCase(string prefix, string name)
    {
        var output = new StringBuilder(prefix);
        foreach (string word in name.Split(c => !char.IsAsciiLetterOrDigit(c)))
        {
            if (word.Length > 0)
            {
                output.Append(char.ToUpperInvariant(word[0])).Append(word.Substring(1).ToLowerInvariant());
            }
        }
        return output.ToString();
    }

    private static string[] Split(this string text, System.Func<char, bool> separator)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (char c in text)
        {
            if (separator(c))
            {
                words.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        words.Add(current.ToString());
        return words.ToArray();
    }
}
