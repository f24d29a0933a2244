using System.IO;
using NUnit.Framework;
using static RuleLang.Tests.CliRunner;

namespace RuleLang.Tests;

/// <summary>
/// The ipset script of a policy's sets as an artifact of the command line: written beside the iptables rulesets
/// with --out, and on stdout only when asked for, since stdout carries one artifact.
/// </summary>
public class NamedSetCliTests
{
    private const string Policy = "policy edge\nset blocklist ipv4_net { 192.0.2.1, 198.51.100.0/24 }\n"
        + "table filter {\n    chain INPUT {\n        saddr @blocklist drop\n    }\n}\n";

    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "rulelang-sets-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "edge.rl"), Policy);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Emit_to_a_folder_writes_the_ipset_script_beside_the_ruleset()
    {
        string output = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = Run("emit", Path.Combine(_dir, "edge.rl"), "--format", "iptables", "--out", output);

        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Is.Empty);
        Assert.That(File.ReadAllText(Path.Combine(output, "edge.iptables")), Does.Contain("-A INPUT -m set --match-set blocklist src -j DROP\n"));
        Assert.That(File.ReadAllText(Path.Combine(output, "edge.ipset")), Does.Contain("create blocklist hash:net family inet -exist\nflush blocklist\n"));
        Assert.That(stderr, Does.Contain("edge.ipset"));
    }

    [Test]
    public void Stdout_holds_the_ipset_script_only_when_asked_for()
    {
        var (code, stdout, stderr) = Run("emit", Path.Combine(_dir, "edge.rl"), "--format", "iptables");
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("*filter").And.Not.Contain("create blocklist"));
        Assert.That(stderr, Does.Contain("--format ipset"));

        var (ipsetCode, script, ipsetErr) = Run("emit", Path.Combine(_dir, "edge.rl"), "--format", "ipset");
        Assert.That(ipsetCode, Is.EqualTo(0), ipsetErr);
        Assert.That(script, Does.Contain("create blocklist hash:net family inet -exist\n").And.Not.Contain("*filter"));
    }
}
