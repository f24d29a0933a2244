using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.Backends.Iptables;

/// <summary>
/// An own-chains policy as the iptables back end prints it: what it writes in each built-in chain moves to an
/// owned chain (PREFIX-INPUT), and the built-in chain gets one jump to it, placed as the policy says. Built-in
/// chains it writes nothing in get no jump; their policies stay the host's.
/// </summary>
public sealed record OwnedChainLayout(Policy Policy, IReadOnlyList<OwnedJump> Jumps)
{
    public static OwnedChainLayout Of(Policy policy)
    {
        var jumps = new List<OwnedJump>();
        var tables = new List<Table>();
        foreach (var table in policy.Tables)
        {
            var chains = new List<Chain>();
            foreach (var chain in table.Chains)
            {
                if (chain.Hook is not { } hook)
                {
                    chains.Add(chain);
                    continue;
                }
                if (chain.Rules.Count == 0)
                {
                    continue;
                }
                string owned = policy.Ownership.OwnedChainName(policy.Name, hook);
                chains.Add(Chain.User(owned, chain.Rules, chain.Location));
                jumps.Add(new OwnedJump(table.Kind, hook, owned, policy.Ownership.PlacementFor(table.Kind, hook)));
            }
            if (chains.Count > 0)
            {
                tables.Add(table with { Chains = chains });
            }
        }
        return new OwnedChainLayout(policy with { Tables = tables }, jumps);
    }

    public IEnumerable<OwnedJump> JumpsOf(TableKind table) => Jumps.Where(j => j.Table == table).OrderBy(j => j.Hook);
}

/// <summary>One jump from a built-in chain into the policy's owned chain, and where it goes.</summary>
public sealed record OwnedJump(TableKind Table, Hook Hook, string OwnedChain, JumpPlacement Placement)
{
    public string BuiltinChain => NetfilterFacts.ChainName(Hook);
}
