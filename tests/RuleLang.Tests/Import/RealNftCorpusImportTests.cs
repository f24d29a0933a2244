using System;
using System.Globalization;
using System.Linq;
using System.Text;
using NUnit.Framework;
using RuleLang.Importers.Nftables;
using RuleLang.Testing;

namespace RuleLang.Tests.Import;

/// <summary>
/// The nft rulesets of the corpus (tests/corpus/nft) through `rulelang import`: every rule line imports or is
/// reported, and the report — what the nft import still cannot hold of firewalld, fw4, netavark and kube-proxy —
/// is a reviewed golden file that shrinks as the importer grows.
/// </summary>
public class RealNftCorpusImportTests
{
    [Test]
    public void The_nft_import_report_over_the_corpus_is_the_reviewed_one()
    {
        var report = new StringBuilder();
        int total = 0, reported = 0;
        foreach (var ruleset in RealNftCorpus.Rulesets())
        {
            var imported = NftRulesetImporter.Import(ruleset.Text, ruleset.Path, ruleset.Name);
            var lines = ruleset.Text.Split('\n');
            var errors = imported.Diagnostics.Where(d => d.IsError).OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ToList();
            var unimported = imported.Unimported.Select(u => u.Location.Line).ToHashSet();

            // Nothing dropped: each line an error names is kept as an unimported line, a comment in the source.
            Assert.That(errors.Select(e => e.Location.Line).Where(l => !unimported.Contains(l)), Is.Empty, ruleset.Name);

            int rules = RuleLines(lines).Count();
            int refused = RuleLines(lines).Count(l => unimported.Contains(l));
            total += rules;
            reported += refused;
            report.Append(CultureInfo.InvariantCulture, $"{ruleset.Name}: {rules} rule lines, {rules - refused} imported, {refused} reported\n");
            foreach (var error in errors)
            {
                report.Append(CultureInfo.InvariantCulture, $"  line {error.Location.Line} {error.Id} {error.Message}\n");
            }
        }
        report.Append(CultureInfo.InvariantCulture, $"total: {total} rule lines, {total - reported} imported, {reported} reported\n");
        Golden.Verify(report.ToString(), System.IO.Path.Combine(RealNftCorpus.Folder, "import-report.verified.txt"));
    }

    /// <summary>Line numbers of a listing's rules: lines inside a chain that are not its type line or a brace.</summary>
    private static System.Collections.Generic.IEnumerable<int> RuleLines(string[] lines)
    {
        bool inChain = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.StartsWith("chain ", StringComparison.Ordinal))
            {
                inChain = true;
            }
            else if (line == "}")
            {
                inChain = false;
            }
            else if (inChain && line.Length > 0 && !line.StartsWith("type ", StringComparison.Ordinal) && !line.StartsWith("comment ", StringComparison.Ordinal))
            {
                yield return i + 1;
            }
        }
    }
}
