using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;
using RuleLang.Checker;
using RuleLang.Compiler;
using RuleLang.Model.Diagnostics;
using RuleLang.Testing;
using RuleLang.Text;

namespace RuleLang.Tests.Text;

/// <summary>
/// grammar/samples: every valid sample parses without a diagnostic, passes the checker and compiles; every
/// invalid sample reports exactly what its "# expect: ID [file] line:column message" lines say (file: an included
/// file, relative to the sample; message: a part of the message), and nothing else.
/// </summary>
public class SampleCorpusTests
{
    private static readonly Regex Expectation = new(@"^#\s*expect:\s*(RL\d{4})\s+(?:(\S+\.rl)\s+)?(\d+):(\d+)\s+(.+?)\s*$", RegexOptions.Multiline);

    private static string Samples => Path.Combine(RepoPaths.Root, "grammar", "samples");

    public static IEnumerable<TestCaseData> Valid() => Files("valid");

    public static IEnumerable<TestCaseData> Invalid() => Files("invalid");

    [TestCaseSource(nameof(Valid))]
    public void Valid_sample_parses_checks_and_compiles(string path)
    {
        var parsed = RlParser.Parse(File.ReadAllText(path), path, new FileSystemSources());
        Assert.That(parsed.Diagnostics, Is.Empty, string.Join("\n", parsed.Diagnostics));
        Assert.That(parsed.Policy, Is.Not.Null);

        var checkerErrors = PolicyChecker.Check(parsed.Policy!).Where(d => d.IsError);
        Assert.That(checkerErrors, Is.Empty, string.Join("\n", checkerErrors));

        var compiled = PolicyCompiler.Compile(parsed.Policy!, new[] { RulesetFormat.Iptables, RulesetFormat.Ip6tables });
        Assert.That(compiled.Succeeded, string.Join("\n", compiled.Diagnostics));
        Assert.That(compiled.Rulesets, Is.Not.Empty);
    }

    /// <summary>Line ends do not change the meaning: the sample read with CRLF or CR ends gives the same rulesets.</summary>
    [TestCaseSource(nameof(Valid))]
    public void Valid_sample_means_the_same_with_any_line_ends(string path)
    {
        string lf = File.ReadAllText(path).Replace("\r\n", "\n");
        string Emit(string text)
        {
            var parsed = RlParser.Parse(text, path, new FileSystemSources());
            Assert.That(parsed.Diagnostics, Is.Empty, string.Join("\n", parsed.Diagnostics));
            return string.Join("\n", PolicyCompiler.Compile(parsed.Policy!).Rulesets.Select(r => r.Text));
        }
        string expected = Emit(lf);
        Assert.That(Emit(lf.Replace("\n", "\r\n")), Is.EqualTo(expected));
        Assert.That(Emit(lf.Replace("\n", "\r")), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Invalid))]
    public void Invalid_sample_reports_what_it_expects(string path)
    {
        string text = File.ReadAllText(path);
        var expected = Expectation.Matches(text).Cast<System.Text.RegularExpressions.Match>()
            .Select(m => (Id: m.Groups[1].Value, File: m.Groups[2].Success ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, m.Groups[2].Value)) : path,
                Line: int.Parse(m.Groups[3].Value), Column: int.Parse(m.Groups[4].Value), Message: m.Groups[5].Value))
            .ToList();
        Assert.That(expected, Is.Not.Empty, "an invalid sample states what it must report in '# expect:' lines");

        var parsed = RlParser.Parse(text, path, new FileSystemSources());
        string actual = string.Join("\n", parsed.Diagnostics.Select(Describe));
        Assert.That(parsed.Policy, Is.Null, "a policy with parse errors is not returned");
        Assert.That(parsed.Diagnostics.Count, Is.EqualTo(expected.Count), "diagnostics:\n" + actual);
        var unmatched = parsed.Diagnostics.ToList();
        foreach (var e in expected)
        {
            var found = unmatched.FirstOrDefault(d => d.Id == e.Id && d.Location.File == e.File && d.Location.Line == e.Line && d.Location.Column == e.Column
                && d.Message.Contains(e.Message, StringComparison.Ordinal));
            Assert.That(found, Is.Not.Null, $"expected {e.Id} {e.Line}:{e.Column} {e.Message}; diagnostics:\n{actual}");
            unmatched.Remove(found!);
        }
    }

    [Test]
    public void Every_text_diagnostic_is_exercised_by_an_invalid_sample()
    {
        var ids = Directory.GetFiles(Path.Combine(Samples, "invalid"), "*.rl")
            .SelectMany(f => Expectation.Matches(File.ReadAllText(f)).Cast<System.Text.RegularExpressions.Match>().Select(m => m.Groups[1].Value))
            .ToHashSet();
        var textIds = DiagnosticCatalog.All.Where(d => d.Category == "Text").Select(d => d.Id);
        Assert.That(textIds.Where(id => !ids.Contains(id)), Is.Empty);
    }

    private static string Describe(PolicyDiagnostic d) => $"# expect: {d.Id} {d.Location.Line}:{d.Location.Column} {d.Message}   [{Path.GetFileName(d.Location.File)}]";

    private static IEnumerable<TestCaseData> Files(string folder) =>
        Directory.GetFiles(Path.Combine(Samples, folder), "*.rl")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new TestCaseData(f).SetName($"{folder}/{Path.GetFileName(f)}"));
}
