using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Matches;

namespace RuleLang.Importers.Iptables;

/// <summary>
/// Two rules say the same thing: the same matches in the same order and the same target, wherever they were
/// written. Records compare lists by reference, so port lists are compared element by element here.
/// </summary>
internal static class RuleEquivalence
{
    public static bool Same(Rule a, Rule b)
    {
        if (a.Matches.Count != b.Matches.Count || !a.Target.Equals(b.Target))
        {
            return false;
        }
        for (int i = 0; i < a.Matches.Count; i++)
        {
            bool same = (a.Matches[i], b.Matches[i]) switch
            {
                (PortMatch x, PortMatch y) => x.Side == y.Side && x.Negated == y.Negated && x.Ports.SequenceEqual(y.Ports),
                var (x, y) => x.Equals(y),
            };
            if (!same)
            {
                return false;
            }
        }
        return true;
    }
}
