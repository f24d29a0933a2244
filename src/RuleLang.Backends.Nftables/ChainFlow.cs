using System;
using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// What the jumps of one table guarantee, so that a load-balancing cascade may become one verdict map:
/// the protocol every packet entering a user chain already has (each rule that jumps there matches it, or is
/// itself in such a chain), whether a chain ends every packet of that protocol and a family instead of
/// returning, and whether it does nothing at all to packets of a family.
/// Conservative: where it cannot tell, it says "any protocol" and "may return".
/// </summary>
internal sealed class ChainFlow
{
    private readonly Table _table;
    private readonly Dictionary<string, Chain> _chains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(Chain Caller, Rule Rule)>> _callers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Protocol> _entryProtocol = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, IpFamily), bool> _neverReturns = new();
    private readonly HashSet<string> _enteringVisits = new(StringComparer.Ordinal);
    private readonly HashSet<(string, IpFamily)> _endingVisits = new();

    public ChainFlow(Table table)
    {
        _table = table;
        foreach (var chain in table.Chains)
        {
            _chains[chain.Name] = chain;
        }
        foreach (var chain in table.Chains)
        {
            foreach (var rule in chain.Rules)
            {
                if (rule.Target is JumpTarget jump)
                {
                    if (!_callers.TryGetValue(jump.Chain, out var list))
                    {
                        list = new List<(Chain, Rule)>();
                        _callers[jump.Chain] = list;
                    }
                    list.Add((chain, rule));
                }
            }
        }
    }

    public TableKind Kind => _table.Kind;

    /// <summary>The protocol every packet has on entering the chain, or All when that is not known.</summary>
    public Protocol EntryProtocol(string chainName)
    {
        if (_entryProtocol.TryGetValue(chainName, out var known))
        {
            return known;
        }
        Protocol result = Protocol.All;
        if (_chains.TryGetValue(chainName, out var chain) && !chain.IsBuiltin
            && _callers.TryGetValue(chainName, out var callers) && _enteringVisits.Add(chainName))
        {
            Protocol? common = null;
            foreach (var (caller, rule) in callers)
            {
                var protocol = rule.Protocol != Protocol.All ? rule.Protocol : EntryProtocol(caller.Name);
                if (common is null)
                {
                    common = protocol;
                }
                else if (common != protocol)
                {
                    common = Protocol.All;
                }
            }
            _enteringVisits.Remove(chainName);
            result = common ?? Protocol.All;
        }
        _entryProtocol[chainName] = result;
        return result;
    }

    /// <summary>
    /// True when every packet of the family that enters the chain gets a final verdict there (or further down)
    /// and none comes back. Rules bound to the other family are not there for this one (iptables and ip6tables
    /// each hold only their own and the neutral rules).
    /// </summary>
    public bool NeverReturns(string chainName, IpFamily family)
    {
        var key = (chainName, family);
        if (_neverReturns.TryGetValue(key, out var known))
        {
            return known;
        }
        bool result = false;
        if (_chains.TryGetValue(chainName, out var chain) && !chain.IsBuiltin && _endingVisits.Add(key))
        {
            result = Ends(chain, EntryProtocol(chainName), family);
            _endingVisits.Remove(key);
        }
        _neverReturns[key] = result;
        return result;
    }

    /// <summary>True when no rule of the chain applies to the family: entering it changes nothing for such a packet.</summary>
    public bool IsInert(string chainName, IpFamily family)
    {
        if (!_chains.TryGetValue(chainName, out var chain) || chain.IsBuiltin)
        {
            return false;
        }
        foreach (var rule in chain.Rules)
        {
            if (FamilyOf(rule) is not { } own || own == family)
            {
                return false;
            }
        }
        return true;
    }

    private bool Ends(Chain chain, Protocol entry, IpFamily family)
    {
        foreach (var rule in chain.Rules)
        {
            if (FamilyOf(rule) is { } own && own != family)
            {
                continue;
            }
            bool matchesAll = MatchesEveryPacket(rule, entry);
            switch (rule.Target)
            {
                case VerdictTarget { Verdict: VerdictKind.Return }:
                    return false;
                case JumpTarget { IsGoto: true } jump:
                    if (!NeverReturns(jump.Chain, family))
                    {
                        // A goto whose chain returns hands the packet back to this chain's caller.
                        return false;
                    }
                    if (matchesAll)
                    {
                        return true;
                    }
                    break;
                case JumpTarget jump:
                    if (matchesAll && NeverReturns(jump.Chain, family))
                    {
                        return true;
                    }
                    break;
                case var target when target.IsTerminal:
                    if (matchesAll)
                    {
                        return true;
                    }
                    break;
            }
        }
        return false;
    }

    private static IpFamily? FamilyOf(Rule rule) => NftLayout.FamilyOf(rule);

    /// <summary>A rule with no conditions, other than comments and the protocol every entering packet already has.</summary>
    private static bool MatchesEveryPacket(Rule rule, Protocol entry)
    {
        foreach (var match in rule.Matches)
        {
            switch (match)
            {
                case CommentMatch:
                case ProtocolMatch { Negated: false, Protocol: Protocol.All }:
                    break;
                case ProtocolMatch { Negated: false } p when entry != Protocol.All && p.Protocol == entry:
                    break;
                default:
                    return false;
            }
        }
        return true;
    }
}
