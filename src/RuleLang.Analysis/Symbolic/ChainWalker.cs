using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// Runs a chain of one family's ruleset on sets of packets: each rule splits the packets reaching it into those
/// it matches and the rest; its target decides the first, rewrites them and lets them go on, or walks them
/// through another chain (coming back on RETURN or at its end, not after a goto).
/// </summary>
public sealed class ChainWalker
{
    private const int MaxDepth = 64;

    private readonly Policy _policy;
    private readonly IpFamily _family;
    private readonly PacketUniverse _universe;
    private readonly AnalysisBudget _budget;
    private readonly RuleVisits? _visits;
    private readonly Dictionary<Rule, RuleCondition> _conditions = new(new ReferenceComparer());

    /// <param name="policy">A lowered policy projected to the family (FamilyProjection.Project).</param>
    public ChainWalker(Policy policy, IpFamily family, PacketUniverse universe, AnalysisBudget budget, RuleVisits? visits = null)
    {
        _policy = policy;
        _family = family;
        _universe = universe;
        _budget = budget;
        _visits = visits;
    }

    public IpFamily Family => _family;

    public PacketUniverse Universe => _universe;

    public Policy Policy => _policy;

    public List<ChainExit> Walk(TableKind table, Chain chain, IReadOnlyList<FlowState> input, int depth = 0)
    {
        var exits = new List<ChainExit>();
        var pending = input.Where(s => !s.Region.IsEmpty).ToList();
        _visits?.Entered(table, chain.Name, pending);
        var tableModel = _policy.FindTable(table);
        for (int i = 0; i < chain.Rules.Count && pending.Count > 0; i++)
        {
            var rule = chain.Rules[i];
            var reference = new RuleRef(table, chain.Name, i + 1, rule);
            var condition = ConditionOf(rule);
            var next = new List<FlowState>();
            foreach (var state in pending)
            {
                var (matched, rest, maybe) = Split(state, condition);
                if (!rest.IsEmpty)
                {
                    next.Add(state.WithRegion(rest, state.Uncertain));
                }
                if (matched.IsEmpty)
                {
                    continue;
                }
                // Packets the condition may or may not match also go on unmatched, uncertainly.
                FlowState? restState = null;
                if (maybe)
                {
                    restState = state.WithRegion(matched, true);
                    next.Add(restState);
                }
                _visits?.Matched(reference, matched);
                _budget.Charge(matched.Boxes.Count + rest.Boxes.Count);
                if (!maybe)
                {
                    Apply(tableModel, reference, state.WithRegion(matched, state.Uncertain), next, exits, depth);
                    continue;
                }
                // After an opaque match every packet also goes on unmatched, so packets that come back from
                // the rule unchanged are already in the rest; adding them again would only fragment it.
                var continued = new List<FlowState>();
                Apply(tableModel, reference, state.WithRegion(matched, true), continued, exits, depth);
                next.AddRange(continued.Where(c => restState is null || !c.SamePath(restState)));
            }
            pending = FlowState.Merge(next);
        }
        exits.AddRange(pending.Select(ChainExit.Return));
        return exits;
    }

    /// <summary>
    /// Splits the state's packets by a condition, reading rewritten dimensions through the rewrite: those that
    /// match, those that do not, and whether the matched ones only may match (an opaque match, or a rewrite to
    /// several values of which only some match), in which case they may also not match.
    /// </summary>
    public (PacketSet Matched, PacketSet Unmatched, bool Maybe) Split(FlowState state, RuleCondition condition)
    {
        if (condition.Box is not { } box)
        {
            return (PacketSet.Empty, state.Region, false);
        }
        bool maybe = condition.Opaque;
        for (int d = 0; d < PacketBox.Dimensions; d++)
        {
            var dimension = (Dimension)d;
            var required = box[d];
            var domain = _universe.Domain(_family, dimension);
            if (ReferenceEquals(required, domain) || required.IsWhole(_universe.DomainMax(_family, dimension)))
            {
                continue;
            }
            if (dimension == Dimension.Destination && state.Rewrite.Redirected)
            {
                // REDIRECT sends to an address of the host's own, which the analysis does not know.
                box = box.With(dimension, domain);
                maybe = true;
                continue;
            }
            if (state.Rewrite[dimension] is not { } rewrite)
            {
                continue;
            }
            if (rewrite.Constant is { } values)
            {
                if (values.IsSubsetOf(required))
                {
                    box = box.With(dimension, domain);
                }
                else if (!values.Overlaps(required))
                {
                    return (PacketSet.Empty, state.Region, false);
                }
                else
                {
                    box = box.With(dimension, domain);
                    maybe = true;
                }
            }
            else
            {
                var before = rewrite.Preimage(required);
                if (before.IsEmpty)
                {
                    return (PacketSet.Empty, state.Region, false);
                }
                box = box.With(dimension, before);
            }
        }
        return (state.Region.Intersect(box), state.Region.Subtract(box), maybe);
    }

    public RuleCondition ConditionOf(Rule rule)
    {
        if (!_conditions.TryGetValue(rule, out var condition))
        {
            _conditions[rule] = condition = RuleCondition.For(rule, _universe, _family);
        }
        return condition;
    }

    private void Apply(Table? table, RuleRef rule, FlowState state, List<FlowState> next, List<ChainExit> exits, int depth)
    {
        var rewrite = state.Rewrite;
        switch (rule.Rule!.Target)
        {
            case VerdictTarget { Verdict: VerdictKind.Return }:
                exits.Add(ChainExit.Return(state));
                break;
            case VerdictTarget verdict:
                exits.Add(new ChainExit(state, verdict.Verdict == VerdictKind.Accept ? FinalVerdict.Accept : FinalVerdict.Drop, rule));
                break;
            case RejectTarget:
                exits.Add(new ChainExit(state, FinalVerdict.Reject, rule));
                break;
            case JumpTarget jump:
                var target = table?.FindChain(jump.Chain);
                if (target is null || depth >= MaxDepth)
                {
                    // A missing chain or a loop is the checker's error; the packets go on as if the rule were absent.
                    next.Add(state);
                    break;
                }
                foreach (var exit in Walk(table!.Kind, target, new[] { state }, depth + 1))
                {
                    if (!exit.Returned)
                    {
                        exits.Add(exit);
                    }
                    else if (jump.IsGoto)
                    {
                        exits.Add(exit);
                    }
                    else
                    {
                        next.Add(exit.State);
                    }
                }
                break;
            case DnatTarget dnat when dnat.Host is { } host:
                rewrite = rewrite.Set(Dimension.Destination, AddressRanges.Set(host));
                if (dnat.Ports is { } ports)
                {
                    rewrite = rewrite.Set(Dimension.DestinationPort, IntervalSet.Range(ports.Low, ports.High));
                }
                rewrite = rewrite.Map(Dimension.State, StateMap(ConntrackEncoding.WithDnat))
                    .WithNat(new NatAction("DNAT " + NatText(host, dnat.Ports), rule));
                exits.Add(new ChainExit(state.WithRewrite(rewrite), FinalVerdict.Accept, rule));
                break;
            case RedirectTarget redirect:
                rewrite = rewrite.Set(Dimension.DestinationPort, IntervalSet.Range(redirect.Ports.Low, redirect.Ports.High))
                    .Map(Dimension.State, StateMap(ConntrackEncoding.WithDnat))
                    .WithNat(new NatAction("REDIRECT " + redirect.Ports.ToNatString(), rule), redirected: true);
                exits.Add(new ChainExit(state.WithRewrite(rewrite), FinalVerdict.Accept, rule));
                break;
            case SnatTarget snat:
                rewrite = rewrite.Map(Dimension.State, StateMap(ConntrackEncoding.WithSnat))
                    .WithNat(new NatAction("SNAT " + (snat.Host is { } source ? NatText(source, snat.Ports) : snat.Address), rule));
                exits.Add(new ChainExit(state.WithRewrite(rewrite), FinalVerdict.Accept, rule));
                break;
            case MasqueradeTarget:
                rewrite = rewrite.Map(Dimension.State, StateMap(ConntrackEncoding.WithSnat)).WithNat(new NatAction("MASQUERADE", rule));
                exits.Add(new ChainExit(state.WithRewrite(rewrite), FinalVerdict.Accept, rule));
                break;
            case MarkTarget mark:
                next.Add(state.WithRewrite(rewrite.Map(Dimension.Mark, _universe.Marks.Transform(mark.Value, mark.Mask))));
                break;
            case NotrackTarget:
                int untracked = ConntrackEncoding.Encode(ConntrackStates.Untracked);
                next.Add(state.WithRewrite(rewrite.Map(Dimension.State, StateMap(_ => untracked))));
                break;
            default:
                // LOG, DSCP, CONNMARK, a rule without target, an unparsable NAT address: evaluation goes on.
                next.Add(state);
                break;
        }
    }

    private static int[] StateMap(System.Func<int, int> map) => Enumerable.Range(0, ConntrackEncoding.Count).Select(map).ToArray();

    private static string NatText(IpNetwork host, PortSpan? ports)
    {
        string address = host.AddressText;
        if (ports is not { } span)
        {
            return address;
        }
        return (host.Family == IpFamily.IPv6 ? "[" + address + "]" : address) + ":" + span.ToNatString();
    }

    private sealed class ReferenceComparer : IEqualityComparer<Rule>
    {
        public bool Equals(Rule? x, Rule? y) => ReferenceEquals(x, y);

        public int GetHashCode(Rule obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
