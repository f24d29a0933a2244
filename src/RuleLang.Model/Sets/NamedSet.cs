using System;
using System.Collections.Generic;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Model.Sets;

/// <summary>
/// A named set of addresses, networks or ports that rules test with <c>-m set</c> (nft <c>@name</c>). A set the
/// policy defines carries its elements: the iptables back end emits them as an ipset script, the nft back end
/// as a set inside the policy's table. An external set is made and filled by another tool (fail2ban, firewalld,
/// Calico): the policy only refers to it, and its contents are unknown, so analysis assumes its matches.
/// </summary>
public sealed record NamedSet(string Name, SetType Type, IReadOnlyList<string> Elements, SourceLocation Location)
{
    /// <summary>ipset's limit: a name is at most 31 bytes (IPSET_MAXNAMELEN 32 with its NUL).</summary>
    public const int MaxNameLength = 31;

    /// <summary>ipset's limit on a set's dimension (IPSET_DIM_MAX): hash:ip,port,ip has three, none has more than six.</summary>
    public const int MaxDimension = 6;

    /// <summary>How long, in seconds, an element added at run time stays (ipset and nft timeout); null: for ever.</summary>
    public int? Timeout { get; init; }

    /// <summary>True when another tool creates and fills the set; <see cref="Elements"/> is then empty.</summary>
    public bool External { get; init; }

    /// <summary>
    /// How many values make one element: 1 for the sets a policy defines; an external set imported from a rule
    /// that tests src,dst has at least 2 (hash:ip,port, hash:net,iface…).
    /// </summary>
    public int Dimension { get; init; } = 1;

    public IpFamily? Family => SetTypes.Family(Type);

    public static NamedSet Defined(string name, SetType type, IReadOnlyList<string> elements, SourceLocation location, int? timeout = null) =>
        new(name, type, elements, location) { Timeout = timeout };

    public static NamedSet Extern(string name, SetType type, SourceLocation location, int dimension = 1) =>
        new(name, type, Array.Empty<string>(), location) { External = true, Dimension = dimension };

    /// <summary>Compared by value, elements included; where it was declared does not change which set it is.</summary>
    public bool Equals(NamedSet? other) =>
        other is not null
        && Name == other.Name
        && Type == other.Type
        && Timeout == other.Timeout
        && External == other.External
        && Dimension == other.Dimension
        && EquatableLists.Equal(Elements, other.Elements);

    public override int GetHashCode() => (Name.GetHashCode() * 397) ^ EquatableLists.Hash(Elements);
}
