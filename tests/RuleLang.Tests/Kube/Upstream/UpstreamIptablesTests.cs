using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace RuleLang.Tests.Kube.Upstream;

/// <summary>
/// kube-proxy's own iptables golden cases (Kube/Upstream/iptables/CASE, transcribed from
/// pkg/proxy/iptables/proxier_test.go: see NOTICE and each case's source): `rulelang kube --format iptables` with
/// the case's args must print what the case expects, once both sides are normalised as kube-proxy's tests
/// normalise them (sortIPTablesRules), plus only these extra steps, each hiding a difference the kernel stores
/// the same (details in <see cref="KubeProxyDumpNormalizer"/> and the folder's README.md):
/// <list type="bullet">
/// <item>each rule printed as iptables-save prints it (option order, /32 on host addresses, --or-mark and
/// --xor-mark as --set-xmark, a probability's decimals);</item>
/// <item>RuleLang's header comments and its jumps from the built-in chains (its own chains upstream-HOOK and the
/// -I lines), which kube-proxy installs with EnsureRule outside the text its tests compare.</item>
/// </list>
/// </summary>
[NonParallelizable]
public class UpstreamIptablesTests
{
    private const string PolicyName = "upstream";

    public static IEnumerable<TestCaseData> Cases() =>
        UpstreamCase.All("iptables").Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    [Test]
    public void Every_case_names_its_source_and_the_notice_is_there()
    {
        Assert.That(UpstreamCase.All("iptables"), Is.Not.Empty);
        Assert.That(File.Exists(Path.Combine(UpstreamCase.Root, "NOTICE")), Is.True);
        foreach (var upstream in UpstreamCase.All("iptables"))
        {
            Assert.That(upstream.Source, Does.Match(@"^Test\w+ ").And.Contain("pkg/proxy/iptables/proxier_test.go").And.Match("[0-9a-f]{40}"), upstream.ToString);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Kube_prints_what_kube_proxy_expects(UpstreamCase upstream)
    {
        var args = new[] { "kube", upstream.ClusterJson, "--format", "iptables", "--name", PolicyName }.Concat(upstream.Args).ToArray();

        var (code, stdout, stderr) = CliRunner.Run(args);

        Assert.That(code, Is.EqualTo(0), stderr);
        string expected = KubeProxyDumpNormalizer.Normalize(upstream.Expected, ownJumpPrefix: null);
        string actual = KubeProxyDumpNormalizer.Normalize(stdout, ownJumpPrefix: PolicyName + "-");
        Assert.That(actual, Is.EqualTo(expected));
    }
}
