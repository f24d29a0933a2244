using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Backends.Nftables;

/// <summary>One line (or one map) of an nft chain, made from one or more iptables rules.</summary>
internal abstract record NftItem;

/// <summary>
/// One iptables rule as one nft rule. Family is the family the nft rule is limited to: the rule's own (its
/// addresses, ICMP types, NAT address) or, for a family-neutral rule split in two, one half's.
/// </summary>
internal sealed record NftRuleItem(Rule Rule, IpFamily? Family) : NftItem;

/// <summary>Consecutive `-d IP -p PROTO --dport N -j CHAIN` rules as one `daddr . l4proto . th dport` verdict map.</summary>
internal sealed record NftDispatchItem(IpFamily Family, IReadOnlyList<Rule> Rules) : NftItem;

/// <summary>A statistic cascade (1/n, 1/(n-1), …, then unconditional) as one `numgen random mod n` verdict map.</summary>
internal sealed record NftRandomMapItem(IReadOnlyList<Rule> Rules) : NftItem;

/// <summary>
/// Decides how a chain's rules become nft lines. A rule stays one rule, except where nft has a better construct
/// with exactly the same effect on every packet:
/// <list type="bullet">
/// <item>a run of service dispatch rules (destination host, protocol, destination port, jump) with distinct keys
/// becomes a verdict map: a packet matches at most one key, so testing them one by one or at once is the same;</item>
/// <item>a statistic cascade becomes a numgen verdict map when, for each family, every chain it picks ends every
/// packet it receives or none does anything to it (with iptables a chain that returned after acting would go on
/// rolling the next rules, the map would not);</item>
/// <item>a family-neutral rule with a per-rule state (limit, nth) or a family-specific statement (DSCP) is split
/// in an IPv4 and an IPv6 rule: iptables and ip6tables keep one state each, and DSCP needs `ip` or `ip6`.</item>
/// </list>
/// </summary>
internal static class NftLayout
{
    private const int MinMapEntries = 2;

    public static IEnumerable<NftItem> Items(Chain chain, ChainFlow flow)
    {
        var rules = chain.Rules;
        int i = 0;
        while (i < rules.Count)
        {
            int dispatch = DispatchRun(rules, i);
            if (dispatch >= MinMapEntries)
            {
                yield return new NftDispatchItem(FamilyOf(rules[i])!.Value, Slice(rules, i, dispatch));
                i += dispatch;
                continue;
            }
            int cascade = CascadeRun(rules, i, flow);
            if (cascade >= MinMapEntries)
            {
                yield return new NftRandomMapItem(Slice(rules, i, cascade));
                i += cascade;
                continue;
            }
            var rule = rules[i];
            var family = FamilyOf(rule);
            if (family is null && NeedsSplit(rule))
            {
                yield return new NftRuleItem(rule, IpFamily.IPv4);
                yield return new NftRuleItem(rule, IpFamily.IPv6);
            }
            else
            {
                yield return new NftRuleItem(rule, family);
            }
            i++;
        }
    }

    /// <summary>The family a rule is limited to: that of its first family-bound match, else that of its target.</summary>
    public static IpFamily? FamilyOf(Rule rule)
    {
        foreach (var match in rule.Matches)
        {
            if (match.Family is { } family)
            {
                return family;
            }
        }
        return rule.Target.Family;
    }

    private static bool NeedsSplit(Rule rule) =>
        rule.Target is DscpTarget || rule.Matches.Any(m => m is LimitMatch or NthMatch);

    /// <summary>How many rules from start form a dispatch map (0 or 1: none).</summary>
    private static int DispatchRun(IReadOnlyList<Rule> rules, int start)
    {
        var keys = new HashSet<(IpNetwork, Protocol, int)>();
        IpFamily? family = null;
        int n = 0;
        while (start + n < rules.Count && DispatchKey(rules[start + n]) is { } key)
        {
            if (family is { } f && f != key.Address.Family)
            {
                break;
            }
            if (!keys.Add(key))
            {
                // The same key twice: a packet sent back by the first chain would meet the second with iptables.
                break;
            }
            family = key.Address.Family;
            n++;
        }
        return n;
    }

    /// <summary>The (host, protocol, port) a dispatch rule tests, or null when the rule is anything else.</summary>
    public static (IpNetwork Address, Protocol Protocol, int Port)? DispatchKey(Rule rule)
    {
        if (rule.Target is not JumpTarget)
        {
            return null;
        }
        IpNetwork? address = null;
        Protocol? protocol = null;
        int? port = null;
        foreach (var match in rule.Matches)
        {
            switch (match)
            {
                case CommentMatch:
                    break;
                case AddressMatch { Side: AddressSide.Destination, Negated: false, Network: { IsHost: true } host } when address is null:
                    address = host;
                    break;
                case ProtocolMatch { Negated: false, Protocol: Protocol.Tcp or Protocol.Udp or Protocol.Sctp } p when protocol is null:
                    protocol = p.Protocol;
                    break;
                case PortMatch { Side: AddressSide.Destination, Negated: false, Ports.Count: 1 } p when port is null && p.Ports[0].IsSingle:
                    port = p.Ports[0].Low;
                    break;
                default:
                    return null;
            }
        }
        return address is { } a && protocol is { } pr && port is { } po ? (a, pr, po) : null;
    }

    /// <summary>How many rules from start form a load-balancing cascade that a numgen map reproduces exactly.</summary>
    private static int CascadeRun(IReadOnlyList<Rule> rules, int start, ChainFlow flow)
    {
        if (RandomOnly(rules[start]) is not { } first)
        {
            return 0;
        }
        // The first rule picks 1 of n: its probability must be the kernel's fixed-point value of 1/n exactly.
        // Compared as a double: a tiny probability (2^-31) would make 1/p overflow an int, and a saturated n overflow start + n.
        double inverse = Math.Round(1.0 / first);
        if (inverse < MinMapEntries || inverse > rules.Count - start)
        {
            return 0;
        }
        int n = (int)inverse;
        var targets = new JumpTarget[n];
        for (int i = 0; i < n; i++)
        {
            var rule = rules[start + i];
            if (i < n - 1)
            {
                if (RandomOnly(rule) is not { } p || NetfilterFacts.StatisticRandomThreshold(p) != NetfilterFacts.StatisticRandomThreshold(1.0 / (n - i)))
                {
                    return 0;
                }
            }
            else if (!rule.IsUnconditional)
            {
                return 0;
            }
            if (rule.Target is not JumpTarget jump)
            {
                return 0;
            }
            targets[i] = jump;
        }
        // Per family, every pick must leave this chain (a goto, or a jump to a chain that ends every packet), or
        // every pick must do nothing (a chain with no rule for the family): then rolling once or rule by rule is
        // the same. A chain that returns after doing something would let iptables roll the next rules too.
        foreach (var family in new[] { IpFamily.IPv4, IpFamily.IPv6 })
        {
            bool allLeave = targets.All(t => t.IsGoto || flow.NeverReturns(t.Chain, family));
            bool allInert = targets.All(t => !t.IsGoto && flow.IsInert(t.Chain, family));
            if (!allLeave && !allInert)
            {
                return 0;
            }
        }
        return n;
    }

    /// <summary>The probability of a rule that is only a random match (and comments) with a jump, else null.</summary>
    private static double? RandomOnly(Rule rule)
    {
        if (rule.Target is not JumpTarget)
        {
            return null;
        }
        double? probability = null;
        foreach (var match in rule.Matches)
        {
            switch (match)
            {
                case CommentMatch:
                    break;
                case RandomMatch r when probability is null:
                    probability = r.Probability;
                    break;
                default:
                    return null;
            }
        }
        return probability;
    }

    private static Rule[] Slice(IReadOnlyList<Rule> rules, int start, int count)
    {
        var slice = new Rule[count];
        for (int i = 0; i < count; i++)
        {
            slice[i] = rules[start + i];
        }
        return slice;
    }
}
