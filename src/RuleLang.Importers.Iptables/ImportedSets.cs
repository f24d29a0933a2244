using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Sets;

namespace RuleLang.Importers.Iptables;

/// <summary>
/// iptables-save prints the rules that test a set but not the set: its contents live in ipset (fail2ban,
/// firewalld and Calico fill them at run time). So each set a dump's rules name is declared external, at its
/// first use, with the family of that rule and one value per direction given; the checker then holds every
/// other use to the same shape.
/// </summary>
internal static class ImportedSets
{
    public static Policy Declare(Policy policy)
    {
        var sets = new List<NamedSet>(policy.Sets);
        var named = new HashSet<string>(sets.Select(s => s.Name), System.StringComparer.Ordinal);
        foreach (var rule in policy.Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules))
        {
            foreach (var match in rule.Matches.OfType<SetMatch>())
            {
                if (named.Add(match.Name))
                {
                    var type = SetTypes.AddressOf(match.SetFamily ?? IpFamily.IPv4);
                    sets.Add(NamedSet.Extern(match.Name, type, match.Location ?? rule.Location, match.Directions.Count));
                }
            }
        }
        return sets.Count == policy.Sets.Count ? policy : policy with { Sets = sets };
    }
}
