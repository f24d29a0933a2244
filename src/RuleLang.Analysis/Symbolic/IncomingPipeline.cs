using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// Traffic arriving on an interface, through the hooks in the kernel's order: PREROUTING (raw, mangle, nat), the
/// routing decision, then INPUT (mangle, filter, security, nat) or FORWARD (mangle, filter, security) and
/// POSTROUTING (mangle, nat). nat chains see only the first packet of a connection (state NEW).
/// </summary>
public sealed class IncomingPipeline
{
    private readonly ChainWalker _walker;
    private readonly IncomingOptions _options;
    private readonly List<FlowOutcome> _outcomes = new();

    private IncomingPipeline(ChainWalker walker, IncomingOptions options)
    {
        _walker = walker;
        _options = options;
    }

    /// <summary>The fates of the given arriving packets, one outcome per path (random branches give several).</summary>
    public static IReadOnlyList<FlowOutcome> Run(ChainWalker walker, PacketSet arriving, IncomingOptions? options = null)
    {
        var pipeline = new IncomingPipeline(walker, options ?? IncomingOptions.Default);
        var states = new List<FlowState> { new(arriving, PacketRewrite.None, false, System.Array.Empty<RuleRef>()) };
        foreach (var table in TablesAt(Hook.Prerouting))
        {
            states = pipeline.Stage(table, Hook.Prerouting, states);
        }
        var (local, forwarded) = pipeline.Route(states);
        foreach (var table in TablesAt(Hook.Input))
        {
            local = pipeline.Stage(table, Hook.Input, local);
        }
        foreach (var hook in new[] { Hook.Forward, Hook.Postrouting })
        {
            foreach (var table in TablesAt(hook))
            {
                forwarded = pipeline.Stage(table, hook, forwarded);
            }
        }
        pipeline.Accept(local, Delivery.Local);
        pipeline.Accept(forwarded, Delivery.Forwarded);
        return pipeline._outcomes;
    }

    /// <summary>
    /// The tables of one hook alone, in priority order, on the given packets: what a matrix for a hook shows.
    /// Accepted packets are reported with no delivery (the hook does not route).
    /// </summary>
    public static IReadOnlyList<FlowOutcome> RunHook(ChainWalker walker, Hook hook, PacketSet arriving) => RunHooks(walker, new[] { hook }, arriving);

    /// <summary>
    /// Packets a local process sends, through OUTPUT (raw, mangle, nat, filter, security) and POSTROUTING
    /// (mangle, nat). Accepted packets are reported with no delivery: they leave the host.
    /// </summary>
    public static IReadOnlyList<FlowOutcome> RunSent(ChainWalker walker, PacketSet sent) =>
        RunHooks(walker, new[] { Hook.Output, Hook.Postrouting }, sent);

    private static IReadOnlyList<FlowOutcome> RunHooks(ChainWalker walker, IReadOnlyList<Hook> hooks, PacketSet packets)
    {
        var pipeline = new IncomingPipeline(walker, IncomingOptions.Default);
        var states = new List<FlowState> { new(packets, PacketRewrite.None, false, System.Array.Empty<RuleRef>()) };
        foreach (var hook in hooks)
        {
            foreach (var table in TablesAt(hook))
            {
                states = pipeline.Stage(table, hook, states);
            }
        }
        pipeline.Accept(states, Delivery.None);
        return pipeline._outcomes;
    }

    /// <summary>The tables with a chain at the hook, in the order of their priorities (nat's SNAT hooks come after filter).</summary>
    public static IReadOnlyList<TableKind> TablesAt(Hook hook) => NetfilterFacts.TablesAt(hook);

    private List<FlowState> Stage(TableKind table, Hook hook, List<FlowState> states)
    {
        var chain = _walker.Policy.FindTable(table)?.Chains.FirstOrDefault(c => c.Hook == hook);
        if (chain is null || states.Count == 0)
        {
            return states;
        }
        var passing = new List<FlowState>();
        var entering = states;
        if (table == TableKind.Nat)
        {
            entering = new List<FlowState>();
            var newOnly = new RuleCondition(_walker.Universe.Full(_walker.Family).With(Dimension.State, NewStates), false);
            foreach (var state in states)
            {
                var (matched, rest, _) = _walker.Split(state, newOnly);
                if (!matched.IsEmpty)
                {
                    entering.Add(state.WithRegion(matched, state.Uncertain));
                }
                if (!rest.IsEmpty)
                {
                    passing.Add(state.WithRegion(rest, state.Uncertain));
                }
            }
        }
        var policy = new RuleRef(table, chain.Name, 0, null);
        foreach (var exit in _walker.Walk(table, chain, entering))
        {
            if (exit.Returned)
            {
                if (chain.Policy == Verdict.Drop)
                {
                    Final(exit.State.Deciding(policy), FinalVerdict.Drop, policy);
                }
                else
                {
                    passing.Add(exit.State.Deciding(policy));
                }
            }
            else if (exit.Verdict == FinalVerdict.Accept)
            {
                passing.Add(exit.State.Deciding(exit.Decider!));
            }
            else
            {
                Final(exit.State.Deciding(exit.Decider!), exit.Verdict!.Value, exit.Decider!);
            }
        }
        return FlowState.Merge(passing);
    }

    private static readonly IntervalSet NewStates = IntervalSet.Range(
        ConntrackEncoding.Encode(ConntrackStates.New), ConntrackEncoding.Encode(ConntrackStates.New, snat: true, dnat: true));

    private (List<FlowState> Local, List<FlowState> Forwarded) Route(List<FlowState> states)
    {
        var local = new List<FlowState>();
        var forwarded = new List<FlowState>();
        foreach (var state in states)
        {
            if (state.Rewrite.Redirected)
            {
                local.Add(state);
            }
            else if (_options.LocalAddresses is not { } addresses)
            {
                (state.Rewrite.DestinationRewritten ? forwarded : local).Add(state);
            }
            else
            {
                var set = IntervalSet.Of(addresses.Where(a => a.Family == _walker.Family).Select(AddressRanges.Range)
                    .Concat(DeliveredAlways(_walker.Family).Select(AddressRanges.Range)));
                var isLocal = new RuleCondition(_walker.Universe.Full(_walker.Family).With(Dimension.Destination, set), false);
                var (matched, rest, maybe) = set.IsEmpty ? (PacketSet.Empty, state.Region, false) : _walker.Split(state, isLocal);
                if (!matched.IsEmpty)
                {
                    local.Add(state.WithRegion(matched, state.Uncertain || maybe));
                }
                var other = maybe ? rest.Union(matched) : rest;
                if (!other.IsEmpty)
                {
                    forwarded.Add(state.WithRegion(other, state.Uncertain || maybe));
                }
            }
        }
        return (local, forwarded);
    }

    /// <summary>
    /// Destinations the kernel delivers on any host, as the trace does: multicast (taken as for a joined group) and
    /// the limited broadcast. A subnet's directed broadcast is local only when given among the local addresses.
    /// </summary>
    private static IEnumerable<IpNetwork> DeliveredAlways(IpFamily family) => family == IpFamily.IPv4
        ? new[] { IpNetwork.Parse("224.0.0.0/4"), IpNetwork.Parse("255.255.255.255") }
        : new[] { IpNetwork.Parse("ff00::/8") };

    private void Accept(List<FlowState> states, Delivery delivery)
    {
        foreach (var state in states)
        {
            var decider = state.Trail.LastOrDefault(r => r.Table == TableKind.Filter) ?? state.Trail.LastOrDefault()
                ?? new RuleRef(TableKind.Filter, delivery == Delivery.Forwarded ? "FORWARD" : "INPUT", 0, null);
            _outcomes.Add(new FlowOutcome(_walker.Family, state.Region, FinalVerdict.Accept, delivery, state.Rewrite, decider, state.Trail, state.Uncertain));
        }
    }

    private void Final(FlowState state, FinalVerdict verdict, RuleRef decider) =>
        _outcomes.Add(new FlowOutcome(_walker.Family, state.Region, verdict, Delivery.None, state.Rewrite, decider, state.Trail, state.Uncertain));
}
