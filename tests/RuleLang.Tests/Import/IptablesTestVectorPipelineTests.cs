using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;
using RuleLang.Testing;

namespace RuleLang.Tests.Import;

/// <summary>
/// iptables' own rule tests (extensions/*.t, RULE;EXPECTED;OK|FAIL; GPL data read from ../shared at run time, never
/// copied here) through the whole pipeline: dump importer, checker, iptables back end. For each covered OK line
/// RuleLang prints EXPECTED (the rule itself when EXPECTED is empty or '='), a vector without a target included
/// (the model holds a rule that only counts); for each covered FAIL line it reports an error. A line whose module,
/// option or target the model does not have (RL0201, RL0202: -m recent --update or --hitcount, for instance) is
/// counted as not covered.
/// </summary>
public class IptablesTestVectorPipelineTests
{
    private static readonly string[] NotCovered = { DiagnosticCatalog.UnsupportedImportOption.Id, DiagnosticCatalog.UnsupportedImportTarget.Id };

    [Test]
    public void Covered_vectors_print_the_expected_normal_form_and_failing_ones_are_reported()
    {
        string folder = Path.Combine(RepoPaths.Root, "..", "shared", "peers-corpus", "iptables-1.8.11", "extensions");
        if (!Directory.Exists(folder))
        {
            Assert.Ignore($"The iptables test vectors are not at {folder} (GPL data, read from ../shared when present).");
        }
        int okEqual = 0, failReported = 0, notCovered = 0, withoutTarget = 0;
        var okDiffer = new List<string>();
        var failMissed = new List<string>();
        foreach (string path in Directory.GetFiles(folder, "*.t").Order(StringComparer.Ordinal))
        {
            string file = Path.GetFileName(path);
            if (!file.StartsWith("libxt_", StringComparison.Ordinal) && !file.StartsWith("libipt_", StringComparison.Ordinal) && !file.StartsWith("libip6t_", StringComparison.Ordinal))
            {
                continue; // arptables and ebtables vectors are another tool's syntax
            }
            var family = file.StartsWith("libip6t_", StringComparison.Ordinal) ? IpFamily.IPv6 : IpFamily.IPv4;
            string table = "filter";
            string chain = "INPUT";
            foreach (string raw in File.ReadLines(path))
            {
                if (raw.StartsWith('*'))
                {
                    table = raw.Substring(1).Trim();
                    continue;
                }
                if (raw.StartsWith(':'))
                {
                    chain = raw.Substring(1).Split(',')[0].Trim();
                    continue;
                }
                string[] fields = raw.Split(';');
                if (raw.StartsWith('#') || raw.StartsWith('@') || fields.Length < 3)
                {
                    continue;
                }
                string rule = fields[0];
                string expectedRule = fields[1].Length == 0 || fields[1] == "=" ? rule : fields[1];
                bool ok = fields[2].Trim() == "OK";
                var (printed, diagnostics) = RunPipeline(table, chain, rule, family);
                if (diagnostics.Any(d => NotCovered.Contains(d.Id)))
                {
                    notCovered++;
                    continue;
                }
                if (!HasTarget(rule))
                {
                    withoutTarget++;
                }
                if (ok)
                {
                    string expected = $"-A {chain} " + expectedRule;
                    if (printed == expected)
                    {
                        okEqual++;
                    }
                    else
                    {
                        okDiffer.Add($"{file}: {rule}\n    expected {expected}\n    got      {printed ?? string.Join(" | ", diagnostics.Where(d => d.IsError))}");
                    }
                }
                else if (diagnostics.Any(d => d.IsError))
                {
                    failReported++;
                }
                else
                {
                    failMissed.Add($"{file}: {rule}\n    printed {printed}");
                }
            }
        }
        TestContext.Out.WriteLine($"covered OK: {okEqual} equal / {okDiffer.Count} differ; FAIL: {failReported} reported / {failMissed.Count} missed; not covered: {notCovered}; covered lines without a target: {withoutTarget}");
        TestContext.Out.WriteLine("OK lines that differ:\n" + string.Join("\n", okDiffer));
        TestContext.Out.WriteLine("FAIL lines not reported:\n" + string.Join("\n", failMissed));
        Assert.That(okEqual + failReported, Is.GreaterThan(100));
        Assert.That(withoutTarget, Is.GreaterThan(100), "vectors without a target are imported as counting rules, not skipped");
        Assert.That(okDiffer.Where(d => !KnownDifferences.Any(k => d.Contains(k, StringComparison.Ordinal))), Is.Empty);
        Assert.That(failMissed.Where(d => !KnownMisses.Any(k => d.Contains(k, StringComparison.Ordinal))), Is.Empty);
    }

    /// <summary>
    /// OK vectors RuleLang prints differently, each understood: same kernel rule in the model's normal form, or a
    /// value the checker or the model refuses although iptables takes it (listed in the import report).
    /// </summary>
    private static readonly string[] KnownDifferences =
    {
        // -m state and -m conntrack --ctstate are one match in the model, printed as conntrack.
        "expected -A INPUT -m state --state",
        // A bare -m tcp / -m udp is left out with RL0211 (it only refuses non-first fragments).
        "expected -A INPUT -p tcp -m tcp\n", "expected -A INPUT -p udp -m udp\n",
        // Port 0 (":4" is 0:4, ":" is 0:65535, --to-ports 0): the checker refuses port 0 (RL0103), iptables takes it.
        "port 0 is out of range",
        // DNAT's port shift (:a-b/base): the model has no shift; the parser reports the port as malformed (RL0203).
        "1000-2000/", "10-20/ftp",
    };

    private static readonly string[] KnownMisses = Array.Empty<string>();

    private static bool HasTarget(string rule) =>
        IptablesTokenizer.TryTokenize(rule, out var tokens, out _) && tokens.Any(t => !t.Quoted && t.Text is "-j" or "-g" or "--jump" or "--goto");

    /// <summary>One rule as a one-table dump, imported, checked and printed; the rule line printed, or null with the diagnostics.</summary>
    private static (string? Printed, IReadOnlyList<PolicyDiagnostic> Diagnostics) RunPipeline(string table, string chain, string rule, IpFamily family)
    {
        bool builtin = NetfilterFacts.TryParseHook(chain, out _);
        string dump = $"*{table}\n" + (builtin ? "" : $":{chain} - [0:0]\n") + $"-A {chain} {rule}\nCOMMIT\n";
        var imported = IptablesDumpImporter.Import(new DumpSource(dump, "vector.rules", family), "vector");
        var diagnostics = imported.Diagnostics.ToList();
        if (imported.HasErrors)
        {
            return (null, diagnostics);
        }
        var result = PolicyCompiler.Compile(imported.Policy, new[] { ImportPipeline.FormatOf(family) });
        diagnostics.AddRange(result.Diagnostics);
        if (!result.Succeeded)
        {
            return (null, diagnostics);
        }
        string? line = result.Rulesets.Single().Text.Split('\n').FirstOrDefault(l => l.StartsWith($"-A {chain} ", StringComparison.Ordinal) || l == $"-A {chain}");
        return (line, diagnostics);
    }
}
