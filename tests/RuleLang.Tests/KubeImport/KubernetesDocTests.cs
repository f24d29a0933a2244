using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;
using RuleLang.Testing;

namespace RuleLang.Tests.KubeImport;

/// <summary>
/// docs/kubernetes.md walks a packet through rules it quotes from the example's committed rulesets; each quoted
/// line must still be a line of that file, so the walk-through cannot describe rules the tool no longer writes.
/// </summary>
public class KubernetesDocTests
{
    private static readonly Regex Quote = new(@"<!-- quoted from (?<file>\S+) -->\s*\n```[^\n]*\n(?<body>.*?)\n```", RegexOptions.Singleline);

    [Test]
    public void Every_quoted_rule_is_in_the_committed_ruleset()
    {
        string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "kubernetes.md")).Replace("\r\n", "\n");
        var quotes = Quote.Matches(doc);
        Assert.That(quotes.Count, Is.GreaterThanOrEqualTo(10), "the walk-through's quotes were not found");
        var missing = new List<string>();
        foreach (Match quote in quotes)
        {
            string file = quote.Groups["file"].Value;
            var lines = new HashSet<string>(File.ReadAllLines(Path.Combine(RepoPaths.Root, file)).Select(l => l.Trim()), StringComparer.Ordinal);
            missing.AddRange(quote.Groups["body"].Value.Split('\n').Where(l => l.Trim().Length > 0 && !lines.Contains(l.Trim())).Select(l => file + ": " + l));
        }
        Assert.That(missing, Is.Empty, "docs/kubernetes.md quotes lines the example's rulesets no longer hold; update the walk-through");
    }
}
