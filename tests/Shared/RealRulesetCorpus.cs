using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace RuleLang.Testing;

/// <summary>
/// The corpus of real rulesets (tests/corpus/README.md): one iptables-save dump per project, plus the seed
/// kube-proxy and Cilium dumps, each with the ipsets it matches.
/// </summary>
public static class RealRulesetCorpus
{
    private const string SetupPrefix = "# corpus-setup: ";

    // The one set-up line a dump may carry: names and types are checked, because the kernel tests run it as root.
    private static readonly Regex IpsetCreate = new(
        @"^ipset create (?<name>[A-Za-z0-9:._-]{1,31}) (?<type>hash:ip|hash:net)( timeout (?<timeout>[0-9]{1,7}))?$",
        RegexOptions.CultureInvariant);

    public sealed record Ipset(string Name, string Type, int? Timeout)
    {
        /// <summary>The create command; every part was checked against <see cref="IpsetCreate"/>.</summary>
        public string CreateCommand => $"ipset create {Name} {Type}" + (Timeout is int t ? $" timeout {t}" : "");
    }

    public sealed record Dump(string Name, string Path, string Text, IReadOnlyList<Ipset> Ipsets)
    {
        public override string ToString() => Name;
    }

    public static string Folder => System.IO.Path.Combine(RepoPaths.Root, "tests", "corpus", "iptables");

    public static string ReportPath => System.IO.Path.Combine(Folder, "import-report.verified.txt");

    /// <summary>Every dump of the corpus, in name order.</summary>
    public static IReadOnlyList<Dump> IptablesDumps()
    {
        string seeds = System.IO.Path.Combine(RepoPaths.Root, "tests", "RuleLang.Tests", "Import", "Dumps");
        var paths = Directory.GetFiles(Folder, "*.rules")
            .Concat(new[] { "kube-node.rules", "kube-affinity.rules" }.Select(f => System.IO.Path.Combine(seeds, f)));
        return paths.Select(Read).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
    }

    private static Dump Read(string path)
    {
        string text = File.ReadAllText(path);
        var ipsets = new List<Ipset>();
        foreach (string line in text.Split('\n').Where(l => l.StartsWith(SetupPrefix, StringComparison.Ordinal)))
        {
            var m = IpsetCreate.Match(line.Substring(SetupPrefix.Length));
            if (!m.Success)
            {
                throw new InvalidDataException($"{path}: set-up line not allowed: {line}");
            }
            ipsets.Add(new Ipset(m.Groups["name"].Value, m.Groups["type"].Value,
                m.Groups["timeout"].Success ? int.Parse(m.Groups["timeout"].Value, System.Globalization.CultureInfo.InvariantCulture) : null));
        }
        return new Dump(System.IO.Path.GetFileNameWithoutExtension(path), path, text, ipsets);
    }
}
