using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Netfilter;

namespace RuleLang.Model;

/// <summary>One iptables table with its chains, built-in chains first.</summary>
public sealed record Table(TableKind Kind, IReadOnlyList<Chain> Chains)
{
    public string Name => NetfilterFacts.TableName(Kind);

    public Chain? FindChain(string name) => Chains.FirstOrDefault(c => c.Name == name);
}
