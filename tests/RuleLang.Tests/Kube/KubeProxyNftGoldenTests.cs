using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Testing;

namespace RuleLang.Tests.Kube;

/// <summary>
/// Each kube-proxy feature case (<see cref="KubePolicies"/>, the seed cluster first) emitted as an nft script in
/// both services layouts and compared with its golden file in Kube/Verified: <c>CASE.verified.nft</c> for the
/// compact layout (the default), <c>CASE.kube-proxy.verified.nft</c> for kube-proxy's nftables layout. The golden
/// files are our own expectations, reviewed line by line against kube-proxy's pkg/proxy/nftables/proxier.go
/// (setupNFTables and syncProxyRules); every chain and set name in them comes from the hash, never typed in.
/// </summary>
public class KubeProxyNftGoldenTests
{
    private static readonly string VerifiedDirectory = Path.Combine(RepoPaths.Root, "tests", "RuleLang.Tests", "Kube", "Verified");

    public static IEnumerable<TestCaseData> Cases() =>
        KubePolicies.All().Select(p => new TestCaseData(p).SetArgDisplayNames(p.Name));

    [TestCaseSource(nameof(Cases))]
    public void Emits_the_compact_layout(PolicyDefinition definition) =>
        Verify(definition, NftServiceLayout.Compact, definition.Name + ".verified.nft");

    [TestCaseSource(nameof(Cases))]
    public void Emits_kube_proxys_nftables_layout(PolicyDefinition definition) =>
        Verify(definition, NftServiceLayout.KubeProxy, definition.Name + ".kube-proxy.verified.nft");

    private static void Verify(PolicyDefinition definition, NftServiceLayout layout, string verified)
    {
        var result = PolicyCompiler.Compile(definition.Build(), new[] { RulesetFormat.Nft }, layout);

        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        Golden.Verify(result.Rulesets.Single().Text, Path.Combine(VerifiedDirectory, verified));
    }
}
