using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Netfilter;

namespace RuleLang.Model;

/// <summary>One iptables table with its chains, built-in chains first.</summary>
public sealed record Table(TableKind Kind, IReadOnlyList<Chain> Chains)
{
    public string Name => NetfilterFacts.TableName(Kind);

    public Chain? FindChain(string name) => Chains.FirstOrDefault(c => c.Name == name);

    /// <summary>
    /// Built-in chains in hook order, then user chains by ordinal name: the order iptables-save lists them in,
    /// which every back end follows so that outputs compare line by line.
    /// </summary>
    public IReadOnlyList<Chain> ChainsInListingOrder() =>
        Chains.Where(c => c.IsBuiltin).OrderBy(c => c.Hook)
            .Concat(Chains.Where(c => !c.IsBuiltin).OrderBy(c => c.Name, System.StringComparer.Ordinal))
            .ToArray();
}
