using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Assertions;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Sets;

namespace RuleLang.Model;

/// <summary>
/// A whole firewall policy: plain tables and chains, plus high-level intents that lowering turns into plain
/// rules. Immutable; every front end (C#, .rl, import) builds one of these.
/// </summary>
public sealed record Policy(string Name, IReadOnlyList<Table> Tables, IReadOnlyList<Intent> Intents, SourceLocation Location)
{
    public ClusterSettings Cluster { get; init; } = ClusterSettings.Default;

    /// <summary>What must hold of the policy, proved over all packets at build time (docs/analysis.md).</summary>
    public IReadOnlyList<PolicyAssertion> Assertions { get; init; } = Array.Empty<PolicyAssertion>();

    /// <summary>Whole tables or its own chains (docs/ownership.md); unstated: whole tables unless the CLI says otherwise.</summary>
    public PolicyOwnership Ownership { get; init; } = PolicyOwnership.Unstated;

    /// <summary>The named sets rules test with -m set (nft @name): defined here with their elements, or external (docs/sets.md).</summary>
    public IReadOnlyList<NamedSet> Sets { get; init; } = Array.Empty<NamedSet>();

    /// <summary>
    /// As a record compares, but the assertions element by element, so that one policy built twice compares
    /// equal (the other lists keep the record's reference comparison, as before).
    /// </summary>
    public bool Equals(Policy? other) =>
        other is not null
        && Name == other.Name
        && Equals(Tables, other.Tables)
        && Equals(Intents, other.Intents)
        && Equals(Location, other.Location)
        && Equals(Cluster, other.Cluster)
        && Equals(Ownership, other.Ownership)
        && EquatableLists.Equal(Assertions, other.Assertions)
        && EquatableLists.Equal(Sets, other.Sets);

    public override int GetHashCode()
    {
        unchecked
        {
            return (((Name.GetHashCode() * 397) ^ (Tables?.GetHashCode() ?? 0)) * 397) ^ EquatableLists.Hash(Assertions);
        }
    }

    /// <summary>The policy with the ownership the CLI or MSBuild asks for, unless the policy states its own.</summary>
    public Policy WithDefaultOwnership(Ownership? ownership) =>
        ownership is null || Ownership.Kind != null ? this : this with { Ownership = Ownership with { Kind = ownership } };

    public Table? FindTable(TableKind kind) => Tables.FirstOrDefault(t => t.Kind == kind);

    /// <summary>The set of that name, or null when the policy declares none (the checker reports the rule).</summary>
    public NamedSet? FindSet(string name) => Sets.FirstOrDefault(s => s.Name == name);
}
