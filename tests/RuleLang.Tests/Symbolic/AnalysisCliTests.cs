using System;
using System.IO;
using NUnit.Framework;
using RuleLang.Cli;

namespace RuleLang.Tests.Symbolic;

/// <summary>rulelang matrix, rulelang diff, and the semantic diff that verify prints beside the text diff.</summary>
[NonParallelizable]
public class AnalysisCliTests
{
    private const string Web = @"policy web
table filter {
    chain INPUT policy drop {
        iif lo accept
        tcp dport 22 saddr 192.168.1.0/24 accept
        tcp dport 443 accept
    }
}
";

    private string _dir = "";

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "rulelang-analysis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void Matrix_prints_the_partition_of_a_hook()
    {
        string web = Write("web.rl", Web);
        var (code, stdout, _) = Run("matrix", web, "--hook", "input");
        Assert.That(code, Is.EqualTo(0));
        string columns = System.Text.RegularExpressions.Regex.Replace(stdout, " {2,}", " | ");
        Assert.That(columns, Does.StartWith("family | protocol | source | destination | ports | also | verdict | rule\n"));
        Assert.That(columns, Does.Contain("\nipv4 | tcp | 192.168.1.0/24 | any | 22 | iif !lo | ACCEPT | filter INPUT rule 2 (" + web + "(5,9))\n"));
        Assert.That(columns, Does.Contain("\nipv4 | tcp | !192.168.1.0/24 | any | !443 | iif !lo | DROP | filter INPUT policy\n"));
        Assert.That(columns, Does.Contain("\nipv6 | tcp | any | any | !443 | iif !lo | DROP | filter INPUT policy\n"), "no office LAN in IPv6");
    }

    [Test]
    public void Matrix_refuses_a_chain_it_cannot_find_with_a_sentence()
    {
        string web = Write("web.rl", Web);
        var (code, _, stderr) = Run("matrix", web, "--chain", "filter/NOPE");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("policy web has no chain NOPE in table filter"));
        Assert.That(Run("matrix", web, "--chain", "INPUT").StdErr, Does.Contain("is not TABLE/CHAIN"));
    }

    [Test]
    public void Diff_prints_the_flows_whose_fate_changed_as_markdown()
    {
        string before = Write("before.rl", Web);
        string after = Write("after.rl", Web.Replace("tcp dport 443 accept", "tcp dport 443 accept\n        udp dport 53 saddr 10.0.0.0/8 accept"));
        var (code, stdout, _) = Run("diff", before, after, "--format", "markdown");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout, Does.StartWith("### Traffic changes\n\n1 flow changes its fate.\n"));
        Assert.That(stdout, Does.Contain("| newly accepted | `udp 10.0.0.0/8 -> any dport 53 iif !lo` | dropped<br>filter INPUT policy | accepted<br>filter INPUT rule 4 (" + after + "(7,9)) |"));
    }

    [Test]
    public void Diff_of_a_committed_ruleset_and_the_policy_it_came_from_is_empty()
    {
        string web = Write("web.rl", Web);
        Assert.That(Run("emit", web, "--out", _dir).Code, Is.EqualTo(0));
        var (code, stdout, stderr) = Run("diff", Path.Combine(_dir, "web.iptables"), web);
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Is.EqualTo("no flow changes its fate\n"));
    }

    [Test]
    public void Verify_prints_what_a_change_does_to_traffic_beside_the_text_diff()
    {
        string web = Write("web.rl", Web);
        Assert.That(Run("accept", web, "--out", _dir).Code, Is.EqualTo(0));
        Write("web.rl", Web.Replace("        tcp dport 443 accept\n", ""));
        var (code, stdout, _) = Run("verify", web, "--rulesets", _dir);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout, Does.Contain("-A INPUT -p tcp -m tcp --dport 443 -j ACCEPT"));
        Assert.That(stdout, Does.Contain("what changes for traffic (web.iptables, committed -> now):\nnewly dropped: tcp any -> any dport 443 iif !lo\n"
            + "    before: accepted by filter INPUT rule 3 (" + Path.Combine(_dir, "web.iptables") + "("));
        Assert.That(stdout, Does.Contain("    after:  dropped by filter INPUT policy\n"));
    }

    private static (int Code, string StdOut, string StdErr) Run(params string[] args) => CliRunner.Run(args);
}
