using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// Prints the declarations of a table written by hand rather than from iptables chains (kube-proxy's layout):
/// named sets and maps, chains, in the form `nft list` prints them (tabs, one element a line within
/// <c>elements = { … }</c>, a blank line between declarations).
/// </summary>
internal static class NftDeclarations
{
    private const string ElementIndent = "\t\t\t     ";

    /// <summary>
    /// A named set or map: type line (<paramref name="type"/> after <c>type</c>, or after <c>typeof</c> when
    /// <paramref name="typeOf"/>), then flags, timeout and comment when given, then its elements.
    /// </summary>
    public static void Set(StringBuilder output, string kind, string name, string type, IReadOnlyList<string> elements,
        string? comment = null, string? flags = null, int? timeoutSeconds = null, bool typeOf = false)
    {
        Open(output, kind, name);
        output.Append(typeOf ? "\t\ttypeof " : "\t\ttype ").Append(type).Append('\n');
        if (flags != null)
        {
            output.Append("\t\tflags ").Append(flags).Append('\n');
        }
        if (timeoutSeconds is { } seconds)
        {
            output.Append("\t\ttimeout ").Append(Duration(seconds)).Append('\n');
        }
        if (comment != null)
        {
            output.Append("\t\tcomment ");
            NftValues.AppendQuoted(output, comment);
            output.Append('\n');
        }
        if (elements.Count > 0)
        {
            output.Append("\t\telements = { ");
            for (int i = 0; i < elements.Count; i++)
            {
                output.Append(i == 0 ? "" : ElementIndent).Append(elements[i]).Append(i < elements.Count - 1 ? ",\n" : " }\n");
            }
        }
        output.Append("\t}\n");
    }

    /// <summary>A chain; <paramref name="hook"/> is "type T hook H priority P" for a base chain (policy accept).</summary>
    public static void Chain(StringBuilder output, string name, IReadOnlyList<string> rules, string? hook = null, string? comment = null)
    {
        Open(output, "chain", name);
        if (hook != null)
        {
            output.Append("\t\t").Append(hook).Append("; policy accept;\n");
        }
        if (comment != null)
        {
            output.Append("\t\tcomment ");
            NftValues.AppendQuoted(output, comment);
            output.Append('\n');
        }
        foreach (string rule in rules)
        {
            output.Append("\t\t").Append(rule).Append('\n');
        }
        output.Append("\t}\n");
    }

    /// <summary>An anonymous verdict map after its key, one element a line: <c>KEY vmap { 0 : goto a, 1 : goto b }</c>.</summary>
    public static string VerdictMap(string key, IReadOnlyList<string> elements)
    {
        var rule = new StringBuilder(key).Append(" vmap {\n");
        for (int i = 0; i < elements.Count; i++)
        {
            rule.Append("\t\t\t").Append(elements[i]).Append(i < elements.Count - 1 ? ",\n" : "\n");
        }
        return rule.Append("\t\t}").ToString();
    }

    /// <summary>Seconds as nft prints a duration: 10800 → 3h, 600 → 10m, 90 → 1m30s, 86400 → 1d.</summary>
    public static string Duration(int seconds)
    {
        var text = new StringBuilder();
        foreach ((int unit, char suffix) in new[] { (86400, 'd'), (3600, 'h'), (60, 'm'), (1, 's') })
        {
            if (seconds >= unit)
            {
                text.Append((seconds / unit).ToString(CultureInfo.InvariantCulture)).Append(suffix);
                seconds %= unit;
            }
        }
        return text.Length == 0 ? "0s" : text.ToString();
    }

    private static void Open(StringBuilder output, string kind, string name)
    {
        // A blank line after the previous declaration, as nft lists them; none after the table's comment.
        if (output.Length >= 3 && output[output.Length - 1] == '\n' && output[output.Length - 2] == '}' && output[output.Length - 3] == '\t')
        {
            output.Append('\n');
        }
        output.Append('\t').Append(kind).Append(' ').Append(name).Append(" {\n");
    }
}
