using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Cli;

namespace RuleLang.Tests;

/// <summary>The rulelang command, run in process on this test assembly's own fixture policies.</summary>
[NonParallelizable]
public class CliTests
{
    private static readonly string ThisAssembly = typeof(CliTests).Assembly.Location;
    private string _out = "";

    [SetUp]
    public void SetUp() => _out = Directory.CreateTempSubdirectory("rulelang-cli-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_out, recursive: true);

    [Test]
    public void Emit_writes_the_rulesets_of_a_good_policy()
    {
        var (code, stdout, _) = Run("emit", ThisAssembly, "--policy", "cli-good", "--out", _out);

        Assert.That(code, Is.EqualTo(0), stdout);
        string path = Path.Combine(_out, "cli-good.iptables");
        Assert.That(stdout, Does.Contain("wrote " + path));
        Assert.That(File.ReadAllText(path), Does.Contain("-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT"));
    }

    [Test]
    public void An_error_is_printed_in_msbuild_format_at_the_users_line_and_nothing_is_written()
    {
        var (code, stdout, _) = Run("emit", ThisAssembly, "--out", _out);

        Assert.That(code, Is.EqualTo(1));
        string fixture = Path.Combine(RepoPaths(), "tests", "RuleLang.Tests", "CliFixtures.cs");
        var lines = File.ReadAllLines(fixture);
        int badLine = Array.FindIndex(lines, l => l.Contains("10.0.0.300", StringComparison.Ordinal)) + 1;
        int column = lines[badLine - 1].IndexOf('p') + 1;
        string expected = $"{fixture}({badLine},{column}): error RL0101: '10.0.0.300/8' is not a valid address";
        Assert.That(stdout, Does.Contain(expected));
        Assert.That(Directory.GetFiles(_out), Is.Empty, "a failed run writes no file, not even the good policies'");
    }

    [Test]
    public void A_policy_that_throws_is_a_diagnostic_not_a_stack_trace()
    {
        var (code, stdout, stderr) = Run("check", ThisAssembly, "--policy", "cli-throws");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout, Does.Contain("error RL3001: policy class RuleLang.Tests.CliThrowingPolicy failed while defining its rules: InvalidOperationException: no inventory for this site; fix the policy code"));
        Assert.That(stdout + stderr, Does.Not.Contain("   at "));
    }

    [Test]
    public void Check_succeeds_for_a_good_policy_and_a_missing_file_is_a_plain_error()
    {
        Assert.That(Run("check", ThisAssembly, "--policy", "cli-good").Code, Is.EqualTo(0));
        var (code, _, stderr) = Run("check", Path.Combine(_out, "missing.dll"));
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(stderr, Does.Contain("no such file"));
    }

    [Test]
    public void Emit_without_out_prints_the_ruleset()
    {
        var (code, stdout, _) = Run("emit", ThisAssembly, "--policy", "cli-good", "--format", "iptables");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout, Does.Contain("*filter").And.Contain(":INPUT DROP [0:0]"));
    }

    private static string RepoPaths() => Testing.RepoPaths.Root;

    private static (int Code, string StdOut, string StdErr) Run(params string[] args)
    {
        var oldOut = Console.Out;
        var oldError = Console.Error;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int code = Program.Main(args);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
