using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;

namespace RuleLang.Cli;

/// <summary>
/// The accept command verify prints when the build passes none: the inputs, formats, layout and policy verify
/// was given, so that running it changes exactly the files verify reported and no file of another format. Each
/// word is quoted for a POSIX shell, so a path with a space or a ';' is one argument, not a second command.
/// </summary>
public static class AcceptCommandText
{
    public static string For(IEnumerable<string> inputs, string rulesetsDir, IEnumerable<RulesetFormat> formats, NftServiceLayout layout, string? policy, IEnumerable<string>? includeDirs = null, Model.Ownership? owns = null)
    {
        var words = new List<string> { "rulelang", "accept" };
        words.AddRange(inputs);
        words.AddRange(new[] { "--out", rulesetsDir });
        foreach (var format in formats)
        {
            words.AddRange(new[] { "--format", FormatName(format) });
        }
        if (layout == NftServiceLayout.KubeProxy)
        {
            words.AddRange(new[] { "--layout", "kube-proxy" });
        }
        if (policy is not null)
        {
            words.AddRange(new[] { "--policy", policy });
        }
        foreach (string folder in includeDirs ?? Enumerable.Empty<string>())
        {
            words.AddRange(new[] { "--include-dir", folder });
        }
        if (owns is { } ownership)
        {
            words.AddRange(new[] { "--owns", ownership == Model.Ownership.OwnChains ? "chains" : "tables" });
        }
        return string.Join(" ", words.Select(Quote));
    }

    public static string FormatName(RulesetFormat format) => format switch
    {
        RulesetFormat.Iptables => "iptables",
        RulesetFormat.Ip6tables => "ip6tables",
        RulesetFormat.Ipset => "ipset",
        _ => "nft",
    };

    /// <summary>
    /// A word as the shell reads it back: plain when it is only safe characters, else in single quotes, or in
    /// bash's $'…' with escapes when it holds a control character, so the command stays on one line.
    /// </summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or '@' or '%' or '+' or ','))
        {
            return word;
        }
        if (!word.Any(char.IsControl))
        {
            return "'" + word.Replace("'", "'\\''", System.StringComparison.Ordinal) + "'";
        }
        var quoted = new StringBuilder("$'");
        foreach (char c in word)
        {
            quoted.Append(c switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return quoted.Append('\'').ToString();
    }
}
