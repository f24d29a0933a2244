using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Testing;

namespace RuleLang.Tests.Kube;

/// <summary>
/// Each feature case emitted for iptables (and ip6tables where it has IPv6) and compared with its golden file in
/// Kube/Verified. The golden files are our own expectations, derived from kube-proxy's source rule by rule.
/// </summary>
public class KubeProxyGoldenTests
{
    private static readonly string VerifiedDirectory = Path.Combine(RepoPaths.Root, "tests", "RuleLang.Tests", "Kube", "Verified");

    public static IEnumerable<TestCaseData> Cases() =>
        KubePolicies.All().Select(p => new TestCaseData(p).SetArgDisplayNames(p.Name));

    [TestCaseSource(nameof(Cases))]
    public void Emits_what_kube_proxy_programs(PolicyDefinition definition)
    {
        var result = PolicyCompiler.Compile(definition.Build(), new[] { RulesetFormat.Iptables, RulesetFormat.Ip6tables });

        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        foreach (var ruleset in result.Rulesets)
        {
            Golden.Verify(ruleset.Text, Path.Combine(VerifiedDirectory, ruleset.FileName.Replace(".", ".verified.", System.StringComparison.Ordinal)));
        }
    }
}
