using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using NUnit.Framework;
using RuleLang.Model.Netfilter;
using RuleLang.Testing;

namespace RuleLang.Tests.Import;

/// <summary>
/// The corpus of real rulesets (tests/corpus): no rule line is ever dropped — each imports or is reported — and
/// the import report, the coverage measure the issue asks for, is a reviewed golden file.
/// </summary>
public class RealRulesetCorpusTests
{
    public static IEnumerable<TestCaseData> Dumps() =>
        RealRulesetCorpus.IptablesDumps().Select(d => new TestCaseData(d).SetName($"Corpus_dump_{d.Name}"));

    [TestCaseSource(nameof(Dumps))]
    public void Every_rule_line_imports_or_is_reported_and_the_imported_ones_are_emitted(RealRulesetCorpus.Dump dump)
    {
        var imported = ImportPipeline.Import(dump.Text, dump.Path, IpFamily.IPv4, dump.Name);
        var errorLines = imported.Diagnostics.Where(d => d.IsError).Select(d => d.Location.Line).Distinct().OrderBy(l => l).ToList();
        var unimportedLines = imported.Unimported.Select(u => u.Location.Line).Distinct().OrderBy(l => l).ToList();

        Assert.That(unimportedLines, Is.EqualTo(errorLines), "every reported line is kept as unimported, and only those");
        int imports = RuleLines(dump.Text).Count(l => !unimportedLines.Contains(l.Line));
        string emitted = ImportPipeline.Render(imported.Policy, IpFamily.IPv4);
        Assert.That(RuleLines(emitted).Count(), Is.EqualTo(imports), "every imported rule line is emitted once:\n" + emitted);
    }

    [Test]
    public void The_import_report_over_the_corpus_is_the_reviewed_one()
    {
        var report = new StringBuilder();
        int total = 0, reported = 0;
        var byId = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var dump in RealRulesetCorpus.IptablesDumps())
        {
            var imported = ImportPipeline.Import(dump.Text, dump.Path, IpFamily.IPv4, dump.Name);
            var lines = dump.Text.Split('\n');
            var errors = imported.Diagnostics.Where(d => d.IsError).OrderBy(d => d.Location.Line).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
            int rules = RuleLines(dump.Text).Count();
            int refused = errors.Select(e => e.Location.Line).Distinct().Count();
            total += rules;
            reported += refused;
            report.Append(CultureInfo.InvariantCulture, $"{dump.Name}: {rules} rule lines, {rules - refused} imported, {refused} reported\n");
            foreach (var error in errors)
            {
                byId[error.Id] = byId.GetValueOrDefault(error.Id) + 1;
                report.Append(CultureInfo.InvariantCulture, $"  line {error.Location.Line} {error.Id} {error.Message}\n");
                report.Append(CultureInfo.InvariantCulture, $"    {lines[error.Location.Line - 1].TrimEnd('\r')}\n");
            }
        }
        report.Append(CultureInfo.InvariantCulture, $"total: {total} rule lines, {total - reported} imported, {reported} reported\n");
        report.Append("diagnostics: " + string.Join(", ", byId.Select(kv => $"{kv.Key} x{kv.Value}")) + "\n");
        Golden.Verify(report.ToString(), RealRulesetCorpus.ReportPath);
    }

    private static IEnumerable<(int Line, string Text)> RuleLines(string dump) =>
        dump.Split('\n')
            .Select((text, i) => (Line: i + 1, Text: text.StartsWith('[') ? text.Substring(text.IndexOf(']', StringComparison.Ordinal) + 1).TrimStart() : text))
            .Where(l => l.Text.StartsWith("-A ", StringComparison.Ordinal));
}
