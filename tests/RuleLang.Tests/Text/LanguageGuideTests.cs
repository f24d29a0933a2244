using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;
using RuleLang.Checker;
using RuleLang.Testing;
using RuleLang.Text;

namespace RuleLang.Tests.Text;

/// <summary>
/// Every ```rl block of the language guide parses and passes the checker, so the guide cannot drift from the
/// grammar. A block without a policy line is a fragment of one and is read under a policy line of its own.
/// </summary>
public class LanguageGuideTests
{
    private static readonly string Guide = Path.Combine(RepoPaths.Root, "docs", "language.md");

    public static IEnumerable<TestCaseData> Blocks()
    {
        string guide = File.ReadAllText(Guide);
        foreach (Match block in Regex.Matches(guide, "```rl\n(.*?)```", RegexOptions.Singleline))
        {
            int line = guide.Substring(0, block.Index).Count(c => c == '\n') + 1;
            yield return new TestCaseData(block.Groups[1].Value).SetArgDisplayNames("docs/language.md line " + line);
        }
    }

    [Test]
    public void The_guide_has_rl_examples() => Assert.That(Blocks().Count(), Is.GreaterThanOrEqualTo(6));

    [TestCaseSource(nameof(Blocks))]
    public void A_guide_example_parses_and_passes_the_checker(string block)
    {
        string text = Regex.IsMatch(block, @"^\s*policy\s", RegexOptions.Multiline) ? block : "policy guide-example\n" + block;
        var result = RlParser.Parse(text, "guide.rl");

        Assert.That(result.Diagnostics, Is.Empty, () => string.Join("\n", result.Diagnostics));
        Assert.That(result.Policy, Is.Not.Null);
        var errors = PolicyChecker.Check(result.Policy!).Where(d => d.IsError);
        Assert.That(errors, Is.Empty, () => string.Join("\n", errors));
    }
}
