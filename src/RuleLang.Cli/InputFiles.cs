using System;
using System.IO;

namespace RuleLang.Cli;

/// <summary>
/// Classifies inputs: .dll assemblies, .rl files, dumps by extension (.rules and .iptables are iptables-save
/// output, .ip6tables is ip6tables-save output); --from iptables|ip6tables makes every other file a dump of that family.
/// </summary>
public static class InputFiles
{
    public static InputKind? Classify(string path, string? from)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        switch (extension)
        {
            case ".dll":
                return InputKind.Assembly;
            case ".rl":
                return InputKind.RlFile;
        }
        switch (from)
        {
            case "iptables":
                return InputKind.IptablesDump;
            case "ip6tables":
                return InputKind.Ip6tablesDump;
        }
        return extension switch
        {
            ".rules" or ".iptables" or ".v4" => InputKind.IptablesDump,
            ".ip6tables" or ".v6" => InputKind.Ip6tablesDump,
            _ => null,
        };
    }

    /// <summary>A policy name from a file name: node-1.rules → node-1 (letters, digits, '-' and '_', starting with a letter).</summary>
    public static string PolicyNameFor(string path)
    {
        string stem = Path.GetFileNameWithoutExtension(path);
        var name = new System.Text.StringBuilder();
        foreach (char c in stem)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        }
        string result = name.ToString().Trim('-');
        if (result.Length == 0 || !char.IsAsciiLetter(result[0]))
        {
            result = "imported-" + result;
        }
        return result.Length > 64 ? result.Substring(0, 64) : result;
    }
}
