using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Model;

/// <summary>
/// What a policy owns and, when it owns its own chains, how they hook into the host's built-in chains
/// (docs/ownership.md). <see cref="Kind"/> is null when the policy says nothing: the CLI's --owns (or the
/// MSBuild property) may then choose; otherwise the policy's own statement wins.
/// </summary>
public sealed record PolicyOwnership
{
    public static PolicyOwnership Unstated { get; } = new();

    /// <summary>The most a chain prefix may be: a built-in chain name (POSTROUTING, 11) and '-' after it fit in iptables' 28.</summary>
    public const int MaxPrefixLength = 16;

    public Ownership? Kind { get; init; }

    /// <summary>Where the statement that chose <see cref="Kind"/> was written.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>Where each jump goes unless <see cref="Placements"/> says otherwise for its chain.</summary>
    public JumpPlacement Jumps { get; init; } = JumpPlacement.First;

    public IReadOnlyList<ChainPlacement> Placements { get; init; } = Array.Empty<ChainPlacement>();

    /// <summary>The prefix of the owned chains that stand for built-in chains; null: derived from the policy name.</summary>
    public string? Prefix { get; init; }

    /// <summary>Chains of other owners (DOCKER-USER, KUBE-SERVICES) the policy may jump to but never defines.</summary>
    public IReadOnlyList<ExternalChain> ExternalChains { get; init; } = Array.Empty<ExternalChain>();

    public Ownership Effective => Kind ?? Ownership.WholeTables;

    public bool OwnsChains => Effective == Ownership.OwnChains;

    /// <summary>True when something besides the kind was said: only an own-chains policy can use it.</summary>
    public bool HasChainSettings => Prefix != null || Placements.Count > 0 || ExternalChains.Count > 0 || Jumps != JumpPlacement.First;

    public bool IsExternal(string chain) => ExternalChains.Any(e => e.Name == chain);

    public JumpPlacement PlacementFor(TableKind table, Hook hook) =>
        Placements.LastOrDefault(p => p.Table == table && p.Hook == hook)?.Placement ?? Jumps;

    /// <summary>
    /// The prefix the owned chains take: the stated one, else the policy name when it fits, else its first
    /// seven characters, '-' and eight hex digits of a hash of the whole name (deterministic, so reloads find
    /// the same chains).
    /// </summary>
    public string PrefixFor(string policyName)
    {
        if (Prefix != null)
        {
            return Prefix;
        }
        if (policyName.Length <= MaxPrefixLength)
        {
            return policyName;
        }
        return policyName.Substring(0, 7) + "-" + Fnv1a(policyName).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The owned chain that carries what the policy writes in a built-in chain: PREFIX-INPUT.</summary>
    public string OwnedChainName(string policyName, Hook hook) => PrefixFor(policyName) + "-" + NetfilterFacts.ChainName(hook);

    public bool Equals(PolicyOwnership? other) =>
        other is not null
        && Kind == other.Kind
        && Equals(Location, other.Location)
        && Equals(Jumps, other.Jumps)
        && Prefix == other.Prefix
        && EquatableLists.Equal(Placements, other.Placements)
        && EquatableLists.Equal(ExternalChains, other.ExternalChains);

    public override int GetHashCode() => ((Kind?.GetHashCode() ?? 0) * 397) ^ EquatableLists.Hash(ExternalChains);

    // A name hash, not a security one: it only keeps long policy names apart within 28 bytes.
    private static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }
        return hash;
    }
}
