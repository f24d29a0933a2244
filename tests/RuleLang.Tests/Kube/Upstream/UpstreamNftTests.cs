using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Testing;

namespace RuleLang.Tests.Kube.Upstream;

/// <summary>
/// The golden cases of kube-proxy's nftables unit tests (pkg/proxy/nftables/proxier_test.go; each case's
/// <c>source</c> names the test and commit), transcribed under Kube/Upstream/nft: <c>rulelang kube --format nft
/// --layout kube-proxy --name kube-proxy</c> on the case's cluster and arguments must give kube-proxy's expected
/// transaction after the normalisation kube-proxy's own test applies (sortNFTablesTransaction: blank and #
/// lines dropped, lines sorted by object type and name, rules kept in order within a chain).
/// Normalisations on top of kube-proxy's, each of a difference the kernel stores identically
/// (<see cref="KubeProxyNftForm"/>; UpstreamNftKernelTests loads both forms of a case and compares
/// <c>nft list ruleset</c>):
/// <list type="number">
/// <item>our block script as <c>add</c> lines; tables only declared and deleted (the flush preamble, the empty ip6
/// family) give none;</item>
/// <item>base chain priorities as numbers, <c>policy accept</c> (the default) left out;</item>
/// <item>set timeouts in seconds;</item>
/// <item>anonymous verdict map elements on one line, joined by " , ";</item>
/// <item>kube-proxy's <c>mark set mark or 0x4000</c> (and the <c>and</c>, <c>xor</c> forms) in nft's listed
/// spelling <c>meta mark set meta mark | 0x00004000</c>.</item>
/// </list>
/// Cases not transcribed, and why, are listed in Kube/Upstream/README.md (section nft).
/// </summary>
[NonParallelizable]
public class UpstreamNftTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        UpstreamCase.All("nft").Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    [Test]
    public void Every_transcribed_case_names_its_upstream_test_and_commit()
    {
        var cases = UpstreamCase.All("nft").ToArray();

        Assert.That(cases, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var c in cases)
            {
                Assert.That(c.Source, Does.Contain("pkg/proxy/nftables/proxier_test.go").And.Match("commit [0-9a-f]{40}"), c.Name);
            }
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void Matches_kube_proxys_expected_transaction(UpstreamCase upstream)
    {
        var args = new[] { "kube", upstream.ClusterJson, "--format", "nft", "--layout", "kube-proxy", "--name", "kube-proxy" }
            .Concat(upstream.Args).ToArray();

        var (code, stdout, stderr) = CliRunner.Run(args);

        Assert.That(code, Is.EqualTo(0), stderr);
        var ours = KubeProxyNftForm.SortLikeKubeProxy(KubeProxyNftForm.FromScript(stdout));
        var theirs = KubeProxyNftForm.SortLikeKubeProxy(KubeProxyNftForm.NftSpelling(upstream.Expected));
        Assert.That(ours, Is.EqualTo(theirs), () => Difference(theirs, ours));
    }

    private static string Difference(IReadOnlyList<string> expected, IReadOnlyList<string> actual) =>
        "only in kube-proxy's expected output:\n  " + string.Join("\n  ", expected.Except(actual))
        + "\nonly in ours:\n  " + string.Join("\n  ", actual.Except(expected));
}
