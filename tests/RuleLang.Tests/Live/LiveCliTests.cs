using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Model.Diagnostics;
using RuleLang.Testing;

namespace RuleLang.Tests.Live;

/// <summary>
/// rulelang apply and status refusing bad input before any kernel is read or touched: each refusal a diagnostic
/// with its ID on stderr, nothing on stdout, exit 1. (Against a kernel: LiveApplyKernelTests.)
/// </summary>
[NonParallelizable]
public sealed class LiveCliTests
{
    private string _folder = "";

    [SetUp]
    public void NewFolder() => _folder = Directory.CreateTempSubdirectory("rulelang-live-cli-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private static string WebServerFile(string extension) =>
        File.ReadAllText(Path.Combine(RepoPaths.Examples, "WebServer", "rulesets", "web-server" + extension));

    /// <summary>
    /// These tests run in process as root: every apply targets a scratch network namespace of this fixture, so that
    /// should a refusal ever regress, what gets applied lands there, never in the host's own rulesets. (A refusal
    /// test once did apply to the host when its refusal changed.)
    /// </summary>
    private static readonly string Scratch = $"rl-cli-{Environment.ProcessId}";

    [OneTimeSetUp]
    public void CreateScratchNamespace()
    {
        var add = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ip", $"netns add {Scratch}") { RedirectStandardError = true })!;
        add.WaitForExit();
        if (add.ExitCode != 0)
        {
            Assert.Ignore($"ip netns add {Scratch} failed (these tests need root): {add.StandardError.ReadToEnd()}");
        }
    }

    [OneTimeTearDown]
    public void DeleteScratchNamespace() => System.Diagnostics.Process.Start("ip", $"netns delete {Scratch}")!.WaitForExit();

    private static (int Code, string StdOut, string StdErr) Apply(params string[] args) =>
        CliRunner.Run(new[] { "apply" }.Concat(args).Concat(new[] { "--netns", Scratch }).ToArray());

    private static void AssertRefused((int Code, string StdOut, string StdErr) run, string expected)
    {
        Assert.That(run.Code, Is.EqualTo(1), run.StdErr);
        Assert.That(run.StdOut, Is.Empty);
        Assert.That(run.StdErr, Does.Contain(expected));
        Assert.That(run.StdErr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void Apply_without_a_policy_says_what_it_needs() =>
        AssertRefused(Apply(), "error RL0818: rulelang apply needs the policy");

    [TestCase("soon")]
    [TestCase("0s")]
    [TestCase("2h")]
    [TestCase("-5")]
    public void A_confirmation_period_must_be_seconds_or_minutes(string period) =>
        AssertRefused(Apply(_folder, "--confirm", period), $"error RL0812: --confirm '{period}' is not a period");

    [TestCase("--dry-run", "--boot")]
    [TestCase("--boot", "--confirm")]
    [TestCase("--confirm-pending", "--dry-run")]
    public void Options_that_contradict_each_other_are_refused(string first, string second)
    {
        var args = new[] { _folder, first, second }.Concat(second == "--confirm" ? new[] { "30s" } : Array.Empty<string>()).ToArray();
        AssertRefused(Apply(args), "error RL0813: ");
    }

    [TestCase("../../etc", "is not a namespace name")]
    [TestCase("rulelang-no-such-namespace", "does not exist")]
    public void A_namespace_must_exist(string netns, string problem) =>
        AssertRefused(CliRunner.Run("status", _folder, "--netns", netns), $"error RL0815: network namespace '{netns}' {problem}");

    [Test]
    public void A_folder_without_rulesets_and_one_with_two_policies_are_refused()
    {
        AssertRefused(Apply(_folder, "--dry-run"), "error RL0808: ");
        File.WriteAllText(Path.Combine(_folder, "web-server.iptables"), WebServerFile(".iptables"));
        File.WriteAllText(Path.Combine(_folder, "other.iptables"), WebServerFile(".iptables").Replace("policy web-server", "policy other"));
        AssertRefused(Apply(_folder, "--dry-run"), "error RL0809: the input holds 2 policies (other, web-server)");
    }

    [Test]
    public void An_nft_script_that_flushes_the_ruleset_is_refused_at_its_line()
    {
        File.WriteAllText(Path.Combine(_folder, "web-server.nft"), WebServerFile(".nft").Replace("table inet web-server\ndelete", "flush ruleset\ntable inet web-server\ndelete"));
        var run = Apply(_folder, "--format", "nft");
        AssertRefused(run, "web-server.nft(3,1): error RL0814: 'flush ruleset' is not a table declaration");
    }
}
