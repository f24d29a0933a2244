using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Testing;

namespace RuleLang.Build.Tests;

/// <summary>
/// .rl policies in a project that references the packed package: the source generator compiles them inside
/// `dotnet build` (errors at their line and column of the .rl file), the build emits and verifies their rulesets,
/// and a C# policy uses a .rl file's definitions. The project is a copy of examples/TextPolicies.
/// </summary>
[TestFixture]
[NonParallelizable]
public class TextPolicyBuildTests
{
    private const string WebRl = "policies/web-server.rl";
    private string _root = "";
    private string _template = "";
    private string _project = "";
    private string _rulesets = "";
    private DotnetRunner _dotnet = null!;

    private static string Example => Path.Combine(RepoPaths.Examples, "TextPolicies");

    [OneTimeSetUp]
    public void CopyExample()
    {
        _dotnet = PackageFeed.Dotnet;
        _root = PackageFeed.NewFolder("text");
        _template = Path.Combine(_root, "template");
        Directory.CreateDirectory(Path.Combine(_template, "policies"));
        foreach (string file in Directory.GetFiles(Path.Combine(Example, "policies"), "*.rl"))
        {
            File.Copy(file, Path.Combine(_template, "policies", Path.GetFileName(file)));
        }
        foreach (string file in Directory.GetFiles(Example, "*.cs"))
        {
            File.Copy(file, Path.Combine(_template, Path.GetFileName(file)));
        }
        PackageFeed.WriteProject(_template, "Text.csproj", "    <RootNamespace>RuleLang.Examples.TextPolicies</RootNamespace>");
    }

    /// <summary>
    /// A fresh copy per test: the whole example for the test that compares with the committed rulesets, else only
    /// web-server.rl and the C# policy that uses its definitions (faster, and independent of the other policies).
    /// </summary>
    [SetUp]
    public void CopyProject()
    {
        _project = Path.Combine(_root, TestContext.CurrentContext.Test.MethodName + "-" + TestContext.CurrentContext.Test.ID);
        bool whole = TestContext.CurrentContext.Test.MethodName!.StartsWith("A_clean_build", StringComparison.Ordinal);
        foreach (string file in Directory.GetFiles(_template, "*", SearchOption.AllDirectories))
        {
            if (!whole && file.EndsWith(".rl", StringComparison.Ordinal) && Path.GetFileName(file) != Path.GetFileName(WebRl))
            {
                continue;
            }
            string target = Path.Combine(_project, Path.GetRelativePath(_template, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        _rulesets = Path.Combine(_project, "rulesets");
    }

    [Test]
    public void A_clean_build_emits_the_rulesets_the_repository_committed_for_the_rl_policies_and_the_CSharp_one()
    {
        var (code, output) = Build();

        Assert.That(code, Is.EqualTo(0), output);
        string committed = Path.Combine(Example, "rulesets");
        var names = Directory.GetFiles(committed).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.That(Directory.GetFiles(_rulesets).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal), Is.EqualTo(names));
        foreach (string name in names!)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(_rulesets, name!)), Is.EqualTo(File.ReadAllBytes(Path.Combine(committed, name!))), name);
        }
    }

    [Test]
    public void A_syntax_error_fails_the_build_at_its_line_and_column_of_the_rl_file_and_writes_nothing()
    {
        BuildCleanly();
        var before = Stamps();
        var (line, column) = EditRl("dport 443", "dport https", "https");

        var (code, output) = Build();

        Assert.That(code, Is.Not.EqualTo(0), output);
        Assert.That(output, Does.Contain($"{WebRl}({line},{column}): error RL0401: "));
        Assert.That(Stamps(), Is.EqualTo(before));
    }

    // A value's diagnostic points at its match (the keyword), a target's at the target.
    [TestCase("dport 443", "dport 70000", "dport 70000", "RL0103")]
    [TestCase("tcp dport 443 comment \"https\" accept", "dnat to 10.0.0.2", "dnat", "RL2101")]
    public void A_checker_error_fails_the_build_at_its_token_in_the_rl_file_and_writes_nothing(string from, string to, string token, string id)
    {
        BuildCleanly();
        var before = Stamps();
        var (line, column) = EditRl(from, to, token);

        var (code, output) = Build();

        Assert.That(code, Is.Not.EqualTo(0), output);
        Assert.That(output, Does.Contain($"{WebRl}({line},{column}): error {id}: "));
        Assert.That(Stamps(), Is.EqualTo(before));
    }

    [Test]
    public void A_global_config_sets_the_severity_of_a_rl_diagnostic()
    {
        // The loopback rule, not the https one: narrowing https would break the file's assertion "https is open".
        var (line, column) = EditRl("iif lo comment", "iif lo saddr 192.168.7.1/24 comment", "saddr 192.168.7.1/24");
        var (code, output) = Build();
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain($"{WebRl}({line},{column}): warning RL0102: "));

        File.WriteAllText(Path.Combine(_project, ".globalconfig"), "is_global = true\ndotnet_diagnostic.RL0102.severity = error\n");
        (code, output) = Build();

        Assert.That(code, Is.Not.EqualTo(0), output);
        Assert.That(output, Does.Contain($"{WebRl}({line},{column}): error RL0102: "));
    }

    [Test]
    public void Editing_a_rl_file_re_emits_its_rulesets()
    {
        BuildCleanly();
        var before = Stamps();
        // An edit the file's assertions still hold for (moving https off 443 would fail "https is open", RL1207).
        EditRl("limit 10/second", "limit 20/second", "20/second");

        var (code, output) = Build();

        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(File.ReadAllText(Path.Combine(_rulesets, "web-server.iptables")), Does.Contain("--limit 20/sec"));
        Assert.That(Stamps()["web-server.iptables"], Is.Not.EqualTo(before["web-server.iptables"]));
        Assert.That(Stamps()["bastion.iptables"], Is.EqualTo(before["bastion.iptables"]), "other policies' files are left alone");
    }

    [Test]
    public void Verify_mode_fails_when_a_rl_file_changed_without_its_rulesets()
    {
        BuildCleanly();
        EditRl("limit 10/second", "limit 20/second", "20/second");

        var (code, output) = Build("-p:ContinuousIntegrationBuild=true");

        Assert.That(code, Is.Not.EqualTo(0), output);
        Assert.That(output, Does.Contain("error RL3201: web-server.iptables differs from what the policy emits now"));
        Assert.That(output, Does.Contain("+-A INPUT -p icmp -m icmp --icmp-type 8 -m limit --limit 20/sec"));
        Assert.That(File.ReadAllText(Path.Combine(_rulesets, "web-server.iptables")), Does.Not.Contain("20/sec"), "verify mode writes nothing");
    }

    [Test]
    public void A_change_that_breaks_an_assertion_fails_the_build_at_the_assertion_and_writes_nothing()
    {
        BuildCleanly();
        var before = Stamps();
        EditRl("dport 443", "dport 8443", "8443");
        string[] lines = File.ReadAllText(Path.Combine(_project, WebRl)).Split('\n');
        int assertion = Array.FindIndex(lines, l => l.StartsWith("assert \"https is open\"", StringComparison.Ordinal)) + 1;

        var (code, output) = Build();

        Assert.That(code, Is.Not.EqualTo(0), output);
        Assert.That(output, Does.Contain($"{WebRl}({assertion},1): error RL1207: assertion \"https is open\" does not hold: tcp "));
        Assert.That(Stamps()["web-server.iptables"], Is.EqualTo(before["web-server.iptables"]), "nothing is written");
    }

    private void BuildCleanly()
    {
        var (code, output) = Build();
        Assert.That(code, Is.EqualTo(0), output);
    }

    private (int ExitCode, string Output) Build(string extra = "") => _dotnet.Run(_project, $"build {extra}".TrimEnd());

    /// <summary>Replaces the first <paramref name="from"/> in web-server.rl; the 1-based line and column of <paramref name="token"/> after the edit.</summary>
    private (int Line, int Column) EditRl(string from, string to, string token)
    {
        string file = Path.Combine(_project, WebRl);
        string text = File.ReadAllText(file);
        int at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"'{from}' is not in {WebRl}");
        text = text.Substring(0, at) + to + text.Substring(at + from.Length);
        File.WriteAllText(file, text);
        var lines = text.Split('\n');
        int line = Array.FindIndex(lines, l => l.Contains(to, StringComparison.Ordinal));
        return (line + 1, lines[line].IndexOf(token, StringComparison.Ordinal) + 1);
    }

    private Dictionary<string, DateTime> Stamps() =>
        Directory.Exists(_rulesets)
            ? Directory.GetFiles(_rulesets).ToDictionary(f => Path.GetFileName(f), File.GetLastWriteTimeUtc)
            : new Dictionary<string, DateTime>();
}
