using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RuleLang.Analysis.Symbolic;
using RuleLang.Backends.Iptables;
using RuleLang.Backends.Nftables;
using RuleLang.Checker;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;

namespace RuleLang.Compiler;

/// <summary>
/// The pipeline every front end feeds: check the definition, lower intents, check the plain tables, then print
/// each requested format. Nothing is printed for a policy with an error.
/// </summary>
public static class PolicyCompiler
{
    public static readonly IReadOnlyList<RulesetFormat> DefaultFormats = new[] { RulesetFormat.Iptables, RulesetFormat.Ip6tables };

    /// <param name="formats">
    /// The formats wanted. Ip6tables is emitted for a policy that names IPv6 or drops by default (so IPv6 is
    /// never left open by accident), or when it is the only format asked for.
    /// </param>
    /// <param name="nftServices">How the nft script lays out the policy's services: compact (a fixed set of chains, the default) or kube-proxy's nftables layout.</param>
    public static CompilationResult Compile(Policy policy, IReadOnlyCollection<RulesetFormat>? formats = null, NftServiceLayout nftServices = NftServiceLayout.Compact)
    {
        formats ??= DefaultFormats;
        var diagnostics = new List<PolicyDiagnostic>(PolicyChecker.CheckDefinition(policy));
        if (PolicyChecker.HasErrors(diagnostics))
        {
            return new CompilationResult(policy, null, diagnostics, Array.Empty<EmittedRuleset>());
        }
        var lowered = PolicyLowering.Lower(policy);
        diagnostics.AddRange(PolicyChecker.CheckTables(lowered));
        if (!PolicyChecker.HasErrors(diagnostics))
        {
            // Shadowed rules and the policy's assertions, proved over packet space (docs/analysis.md).
            diagnostics.AddRange(SymbolicChecks.Check(policy, lowered));
        }
        Policy? nftInput = null;
        if (!PolicyChecker.HasErrors(diagnostics) && formats.Contains(RulesetFormat.Nft))
        {
            nftInput = NftInput(policy, lowered, nftServices);
            diagnostics.AddRange(PolicyChecker.CheckForNft(nftInput));
            diagnostics.AddRange(NftCompatibility.Check(nftInput));
        }
        if (PolicyChecker.HasErrors(diagnostics))
        {
            return new CompilationResult(policy, lowered, diagnostics, Array.Empty<EmittedRuleset>());
        }
        return new CompilationResult(policy, lowered, diagnostics, Emit(lowered, nftInput, nftServices, formats));
    }

    /// <summary>
    /// What the nft back end prints: the policy lowered but for its services, which it writes in its own layout
    /// from the intents. The checker has seen them lowered the iptables way, with the rest of the policy.
    /// </summary>
    private static Policy NftInput(Policy policy, Policy lowered, NftServiceLayout nftServices) => nftServices switch
    {
        _ when !policy.Intents.OfType<Model.Intents.ServiceIntent>().Any() => lowered,
        NftServiceLayout.Compact or NftServiceLayout.KubeProxy => PolicyLowering.LowerAllButServices(policy),
        _ => throw new ArgumentOutOfRangeException(nameof(nftServices), nftServices, "no such services layout"),
    };

    private static IReadOnlyList<EmittedRuleset> Emit(Policy lowered, Policy? nftInput, NftServiceLayout nftServices, IReadOnlyCollection<RulesetFormat> formats)
    {
        var rulesets = new List<EmittedRuleset>();
        if (formats.Contains(RulesetFormat.Iptables))
        {
            rulesets.Add(Render(lowered, RulesetFormat.Iptables, IpFamily.IPv4));
        }
        bool v6Wanted = formats.Contains(RulesetFormat.Ip6tables)
            && (FamilyProjection.NeedsIPv6Ruleset(lowered) || !formats.Contains(RulesetFormat.Iptables));
        if (v6Wanted)
        {
            rulesets.Add(Render(lowered, RulesetFormat.Ip6tables, IpFamily.IPv6));
        }
        if (IpsetScript.IsNeeded(lowered) && (formats.Contains(RulesetFormat.Ipset) || formats.Contains(RulesetFormat.Iptables) || formats.Contains(RulesetFormat.Ip6tables)))
        {
            rulesets.Add(new EmittedRuleset(lowered.Name, RulesetFormat.Ipset, FileName(lowered.Name, RulesetFormat.Ipset), Utf8NoBom.GetBytes(IpsetScript.Render(lowered))));
        }
        if (formats.Contains(RulesetFormat.Nft))
        {
            rulesets.Add(RenderNft(nftInput ?? lowered, nftServices));
        }
        return rulesets;
    }

    private static EmittedRuleset Render(Policy lowered, RulesetFormat format, IpFamily family)
    {
        var projected = FamilyProjection.Project(lowered, family);
        using var buffer = new ChunkedOutput();
        using (var writer = new StreamWriter(buffer, Utf8NoBom, bufferSize: 1 << 16) { NewLine = "\n" })
        {
            IptablesBackend.Render(projected, family, writer);
        }
        return new EmittedRuleset(lowered.Name, format, FileName(lowered.Name, format), buffer.ToArray());
    }

    /// <summary>Both families in one script: the nft back end takes the lowered policy before the family split.</summary>
    private static EmittedRuleset RenderNft(Policy lowered, NftServiceLayout nftServices)
    {
        using var buffer = new ChunkedOutput();
        using (var writer = new StreamWriter(buffer, Utf8NoBom, bufferSize: 1 << 16) { NewLine = "\n" })
        {
            NftBackend.Render(lowered, writer, nftServices);
        }
        return new EmittedRuleset(lowered.Name, RulesetFormat.Nft, FileName(lowered.Name, RulesetFormat.Nft), buffer.ToArray());
    }

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static string FileName(string policyName, RulesetFormat format) => format switch
    {
        RulesetFormat.Iptables => policyName + ".iptables",
        RulesetFormat.Nft => policyName + ".nft",
        RulesetFormat.Ipset => policyName + ".ipset",
        _ => policyName + ".ip6tables",
    };
}
