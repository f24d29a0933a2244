using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.Testing;

namespace RuleLang.KernelTests;

/// <summary>
/// The proof behind the normalisations of RuleLang.Tests' UpstreamNftTests (<see cref="KubeProxyNftForm"/>): kube-proxy's
/// expected transaction for TestOverallNFTablesRules, loaded as it is written (only reordered so that what a line
/// names exists before it), and <c>rulelang kube</c>'s script for the same case, loaded as it is written, give the
/// same kernel ruleset. Each side's <c>nft list ruleset</c> is read back through the same conversion and sorted the
/// way kube-proxy's test sorts, so only listing order is left aside; spelling (mark arithmetic, priorities, set
/// timeouts, map layout) is the kernel's own on both sides.
/// </summary>
[TestFixture]
public sealed class UpstreamNftKernelTests : KernelTestBase
{
    private static readonly string Case = Path.Combine(RepoPaths.Root, "tests", "RuleLang.Tests", "Kube", "Upstream", "nft", "overall-nftables-rules");

    [Test]
    public void Kube_proxys_expected_transaction_and_our_script_load_as_the_same_ruleset()
    {
        string expected = File.ReadAllText(Path.Combine(Case, "expected"));
        string[] args = File.ReadAllLines(Path.Combine(Case, "args")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        string script = RunKube(new[] { "kube", Path.Combine(Case, "cluster.json"), "--format", "nft", "--layout", "kube-proxy", "--name", "kube-proxy" }.Concat(args).ToArray());

        NetNamespace theirs = CreateNamespace("kube-proxy");
        NetNamespace ours = CreateNamespace("rulelang");
        theirs.LoadNft(KubeProxyNftForm.LoadOrder(expected)).EnsureSuccess("nft -f kube-proxy's expected transaction");
        ours.LoadNft(script).EnsureSuccess("nft -f rulelang kube's script");

        var theirListing = KubeProxyNftForm.SortLikeKubeProxy(KubeProxyNftForm.FromScript(theirs.ListNft()));
        var ourListing = KubeProxyNftForm.SortLikeKubeProxy(KubeProxyNftForm.FromScript(ours.ListNft()));
        Assert.That(theirListing, Is.Not.Empty);
        Assert.That(ourListing, Is.EqualTo(theirListing), () =>
            "only kube-proxy's:\n  " + string.Join("\n  ", theirListing.Except(ourListing)) + "\nonly ours:\n  " + string.Join("\n  ", ourListing.Except(theirListing)));
    }

    /// <summary>The CLI in process, stdout captured (the kernel tests run one at a time).</summary>
    private static string RunKube(string[] args)
    {
        var oldOut = Console.Out;
        var oldError = Console.Error;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        int code;
        try
        {
            code = RuleLang.Cli.Program.Main(args);
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
        Assert.That(code, Is.EqualTo(0), stderr.ToString());
        return stdout.ToString();
    }
}
