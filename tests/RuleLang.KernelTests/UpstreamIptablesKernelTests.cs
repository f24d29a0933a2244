using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;
using RuleLang.Tests.Kube.Upstream;

namespace RuleLang.KernelTests;

/// <summary>
/// The proof behind UpstreamIptablesTests' extra normalisation: kube-proxy's expected text for each upstream golden
/// case (tests/RuleLang.Tests/Kube/Upstream/iptables) and what `rulelang kube` prints for it are loaded into two
/// namespaces, and the kernel keeps the same tables: the saved texts agree once both are sorted as kube-proxy's tests
/// sort and RuleLang's jumps from the built-in chains are left out. So option order, /32, --or-mark against
/// --set-xmark and a probability's decimals are spellings of one rule, and the nfacct and localnet rules load.
/// </summary>
[TestFixture]
public sealed class UpstreamIptablesKernelTests : KernelTestBase
{
    private const string PolicyName = "upstream";

    public static IEnumerable<TestCaseData> Cases() =>
        UpstreamCase.All("iptables").Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    [TestCaseSource(nameof(Cases))]
    public void The_kernel_keeps_kube_proxy_s_text_and_ours_alike(UpstreamCase upstream)
    {
        ExecResult tool = RuleLangProcess.Run(new[] { "kube", upstream.ClusterJson, "--format", "iptables", "--name", PolicyName }.Concat(upstream.Args).ToArray());
        Assert.That(tool.Success, Is.True, tool.Describe);

        string ours = KernelRulesets.ApplyAndSave(CreateNamespace("ours"), tool.StdOut, IpFamily.V4, "rulelang kube's output");
        string theirs = KernelRulesets.ApplyAndSave(CreateNamespace("kubeproxy"), upstream.Expected, IpFamily.V4, "kube-proxy's expected text");

        Assert.That(KubeProxyDumpNormalizer.Normalize(ours, PolicyName + "-"), Is.EqualTo(KubeProxyDumpNormalizer.Normalize(theirs, ownJumpPrefix: null)));
        // Not vacuous: the kernel kept kube-proxy's rules, not an empty table.
        Assert.That(IptablesText.RuleLines(theirs).Count(l => l.StartsWith("-A KUBE-")), Is.GreaterThan(10));
    }
}
