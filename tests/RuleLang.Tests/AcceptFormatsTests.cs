using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Cli;

namespace RuleLang.Tests;

/// <summary>
/// verify and accept from the command line agree with the build (RuleLang.targets passes --format per
/// RuleLangFormats): only files of the formats named, or of the default formats, are stale or removed, and the
/// accept command verify prints changes exactly the drifted files. The two commands are the docs' own.
/// </summary>
[NonParallelizable]
public class AcceptFormatsTests
{
    private const string Policy = "policy site\ntable filter {\n    chain INPUT policy drop {\n        tcp saddr 10.0.0.0/8 dport 22 accept\n        tcp saddr 2001:db8::/32 dport 22 accept\n    }\n}\n";
    private string _dir = "";
    private string _rl = "";
    private string _rulesets = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("rulelang-accept-").FullName;
        _rl = Path.Combine(_dir, "site.rl");
        File.WriteAllText(_rl, Policy);
        _rulesets = Path.Combine(_dir, "rulesets");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string[] Files() => Directory.GetFiles(_rulesets).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>docs/package.md: `rulelang accept … --format iptables --format nft` beside a build of the default formats.</summary>
    [Test]
    public void Accept_with_formats_leaves_a_file_of_another_format_alone()
    {
        // The build with RuleLangFormats' default, iptables;ip6tables.
        Assert.That(CliRunner.Run("accept", _rl, "--out", _rulesets, "--format", "iptables", "--format", "ip6tables").Code, Is.EqualTo(0));
        Assert.That(Files(), Is.EqualTo(new[] { "site.ip6tables", "site.iptables" }));

        var verify = CliRunner.Run("verify", _rl, "--rulesets", _rulesets, "--format", "iptables", "--format", "nft");
        Assert.That(verify.StdOut, Does.Not.Contain("site.ip6tables"), "the .ip6tables file is not this run's to call stale");
        Assert.That(verify.StdOut, Does.Contain("site.nft is not committed"));

        var (code, _, stderr) = CliRunner.Run("accept", _rl, "--out", _rulesets, "--format", "iptables", "--format", "nft");
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Not.Contain("removed"));
        Assert.That(Files(), Is.EqualTo(new[] { "site.ip6tables", "site.iptables", "site.nft" }));
        Assert.That(CliRunner.Run("verify", _rl, "--rulesets", _rulesets, "--format", "iptables", "--format", "nft").Code, Is.EqualTo(0));
    }

    /// <summary>docs/diagnostics/RL3201.md: `rulelang verify … --rulesets rulesets` (no --format) beside a build that writes nft too.</summary>
    [Test]
    public void Verify_without_formats_checks_the_default_formats_and_prints_an_accept_command_that_changes_only_the_drift()
    {
        Assert.That(CliRunner.Run("accept", _rl, "--out", _rulesets, "--format", "iptables", "--format", "ip6tables", "--format", "nft").Code, Is.EqualTo(0));
        var clean = CliRunner.Run("verify", _rl, "--rulesets", _rulesets);
        Assert.That(clean.Code, Is.EqualTo(0), clean.StdOut + clean.StdErr);

        string v4 = Path.Combine(_rulesets, "site.iptables");
        string nft = Path.Combine(_rulesets, "site.nft");
        string nftBefore = File.ReadAllText(nft);
        File.WriteAllText(v4, File.ReadAllText(v4).Replace("--dport 22", "--dport 2222", StringComparison.Ordinal));

        var (code, stdout, _) = CliRunner.Run("verify", _rl, "--rulesets", _rulesets);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout, Does.Contain("site.iptables differs").And.Not.Contain("site.nft"));
        string accept = stdout.Split('\n').Single(l => l.StartsWith("To accept these changes: ", StringComparison.Ordinal))["To accept these changes: ".Length..];
        Assert.That(accept, Is.EqualTo($"rulelang accept {_rl} --out {_rulesets} --format iptables --format ip6tables"));

        // The printed command, run as printed: the drifted file is fixed and the .nft file is not touched.
        var run = CliRunner.Run(accept.Split(' ').Skip(1).ToArray());
        Assert.That(run.Code, Is.EqualTo(0), run.StdErr);
        Assert.That(run.StdErr, Does.Contain("wrote " + v4).And.Not.Contain("removed"));
        Assert.That(File.ReadAllText(nft), Is.EqualTo(nftBefore));
        Assert.That(CliRunner.Run("verify", _rl, "--rulesets", _rulesets, "--format", "iptables", "--format", "ip6tables", "--format", "nft").Code, Is.EqualTo(0));
    }

    [Test]
    public void The_printed_accept_command_repeats_layout_and_policy()
    {
        Assert.That(CliRunner.Run("accept", _rl, "--out", _rulesets, "--format", "nft", "--layout", "kube-proxy").Code, Is.EqualTo(0));
        File.AppendAllText(Path.Combine(_rulesets, "site.nft"), "# edited\n");
        var (_, stdout, _) = CliRunner.Run("verify", _rl, "--rulesets", _rulesets, "--format", "nft", "--layout", "kube-proxy", "--policy", "site");
        Assert.That(stdout, Does.Contain($"To accept these changes: rulelang accept {_rl} --out {_rulesets} --format nft --layout kube-proxy --policy site\n"));
    }

    [TestCase("rulesets", "rulesets")]
    [TestCase("my rulesets", "'my rulesets'")]
    [TestCase("a;rm -rf x", "'a;rm -rf x'")]
    [TestCase("it's", "'it'\\''s'")]
    [TestCase("a\nb", "$'a\\nb'")]
    [TestCase("", "''")]
    public void Printed_words_are_quoted_for_the_shell(string word, string quoted) =>
        Assert.That(AcceptCommandText.Quote(word), Is.EqualTo(quoted));
}
