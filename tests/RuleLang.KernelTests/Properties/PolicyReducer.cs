using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.KernelTests.Properties;

/// <summary>
/// Smaller variants of a policy, one step each (a table, a user chain with the jumps to it, a rule or a match
/// less, a built-in policy back to ACCEPT, a comment or log prefix emptied), for a greedy pass after CsCheck's
/// own shrinking: a variant that still fails the same way replaces the case. Rules and chains marked with
/// <paramref name="keepLine"/> (an injected defect) are never removed.
/// </summary>
public static class PolicyReducer
{
    public static IEnumerable<Policy> Smaller(Policy p, int? keepLine = null)
    {
        bool Keep(Rule r) => keepLine is { } line && r.Location.Line == line;
        bool KeepChain(Chain c) => keepLine is { } line && (c.Location.Line == line || c.Rules.Any(Keep));

        for (int t = 0; t < p.Tables.Count; t++)
        {
            if (!p.Tables[t].Chains.Any(KeepChain))
            {
                yield return p with { Tables = p.Tables.Where((_, i) => i != t).ToArray() };
            }
        }

        for (int t = 0; t < p.Tables.Count; t++)
        {
            Table table = p.Tables[t];
            foreach (Chain user in table.Chains.Where(c => !c.IsBuiltin && !KeepChain(c)))
            {
                Table without = table with
                {
                    Chains = table.Chains.Where(c => c != user)
                        .Select(c => c with { Rules = c.Rules.Where(r => r.Target is not JumpTarget j || j.Chain != user.Name).ToArray() })
                        .ToArray(),
                };
                yield return Replace(p, t, without);
            }
        }

        for (int t = 0; t < p.Tables.Count; t++)
        {
            Table table = p.Tables[t];
            for (int c = 0; c < table.Chains.Count; c++)
            {
                Chain chain = table.Chains[c];
                for (int r = 0; r < chain.Rules.Count; r++)
                {
                    if (!Keep(chain.Rules[r]))
                    {
                        yield return Replace(p, t, c, chain with { Rules = chain.Rules.Where((_, i) => i != r).ToArray() });
                    }
                }
            }
        }

        for (int t = 0; t < p.Tables.Count; t++)
        {
            Table table = p.Tables[t];
            for (int c = 0; c < table.Chains.Count; c++)
            {
                Chain chain = table.Chains[c];
                if (chain.IsBuiltin && chain.Policy == Verdict.Drop)
                {
                    yield return Replace(p, t, c, chain with { Policy = Verdict.Accept });
                }

                for (int r = 0; r < chain.Rules.Count; r++)
                {
                    Rule rule = chain.Rules[r];
                    if (Keep(rule))
                    {
                        continue;
                    }

                    for (int m = 0; m < rule.Matches.Count; m++)
                    {
                        yield return Replace(p, t, c, r, rule with { Matches = rule.Matches.Where((_, i) => i != m).ToArray() });
                        if (rule.Matches[m] is CommentMatch { Text.Length: > 1 } comment)
                        {
                            yield return Replace(p, t, c, r, rule with { Matches = rule.Matches.Select((x, i) => i == m ? new CommentMatch(comment.Text.Substring(0, comment.Text.Length / 2)) : x).ToArray() });
                        }
                    }

                    if (rule.Target is LogTarget { Prefix: { Length: > 0 } prefix } log)
                    {
                        yield return Replace(p, t, c, r, rule with { Target = log with { Prefix = prefix.Substring(0, prefix.Length / 2) } });
                    }

                    if (rule.Target is not (VerdictTarget or JumpTarget))
                    {
                        yield return Replace(p, t, c, r, rule with { Target = VerdictTarget.Accept });
                    }
                }
            }
        }
    }

    /// <summary>Greedy: takes the first smaller variant that still fails, until none does or time is up.</summary>
    public static (Policy Policy, int Steps) Reduce(Policy policy, Func<Policy, bool> stillFails, TimeSpan budget, int? keepLine = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int steps = 0;
        bool progress = true;
        while (progress && clock.Elapsed < budget)
        {
            progress = false;
            foreach (Policy smaller in Smaller(policy, keepLine))
            {
                if (clock.Elapsed >= budget)
                {
                    break;
                }

                if (stillFails(smaller))
                {
                    policy = smaller;
                    steps++;
                    progress = true;
                    break;
                }
            }
        }

        return (policy, steps);
    }

    private static Policy Replace(Policy p, int t, Table table) => p with { Tables = p.Tables.Select((x, i) => i == t ? table : x).ToArray() };

    private static Policy Replace(Policy p, int t, int c, Chain chain) =>
        Replace(p, t, p.Tables[t] with { Chains = p.Tables[t].Chains.Select((x, i) => i == c ? chain : x).ToArray() });

    private static Policy Replace(Policy p, int t, int c, int r, Rule rule)
    {
        Chain chain = p.Tables[t].Chains[c];
        return Replace(p, t, c, chain with { Rules = chain.Rules.Select((x, i) => i == r ? rule : x).ToArray() });
    }
}
