using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Testing;

namespace RuleLang.Tests.Kube;

/// <summary>
/// Each kube-proxy feature case (<see cref="KubePolicies"/>, the seed cluster first) emitted as an nft script in
/// kube-proxy's nftables layout and compared with its golden file in Kube/Verified. The golden files are our own
/// expectations, reviewed line by line against kube-proxy's pkg/proxy/nftables/proxier.go (setupNFTables and
/// syncProxyRules); every chain and set name in them comes from the hash, never typed in.
/// </summary>
public class KubeProxyNftGoldenTests
{
    private static readonly string VerifiedDirectory = Path.Combine(RepoPaths.Root, "tests", "RuleLang.Tests", "Kube", "Verified");

    public static IEnumerable<TestCaseData> Cases() =>
        KubePolicies.All().Select(p => new TestCaseData(p).SetArgDisplayNames(p.Name));

    [TestCaseSource(nameof(Cases))]
    public void Emits_kube_proxys_nftables_layout(PolicyDefinition definition)
    {
        var result = PolicyCompiler.Compile(definition.Build(), new[] { RulesetFormat.Nft });

        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        var ruleset = result.Rulesets.Single();
        Golden.Verify(ruleset.Text, Path.Combine(VerifiedDirectory, definition.Name + ".verified.nft"));
    }
}
