using System.Collections.Generic;
using System.Linq;
using System.Net;
using RuleLang.Analysis.Symbolic;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Lockout;

/// <summary>
/// Proves, before a policy reaches the kernel, that it keeps the given connections: for each flow, every packet
/// the client sends on the established connection (any source port when none is given, any interface unless the
/// flow names one) reaches a local socket through PREROUTING and INPUT, and every reply this host sends leaves
/// through OUTPUT and POSTROUTING. For the operator's own session (<see cref="KeptFlow.IsSession"/>) the first
/// packet of a new connection from the same client to the same port must reach the host too: losing the next
/// login is a lockout as well. The symbolic analysis covers every such packet, so "kept" holds for all of them.
/// </summary>
public static class LockoutProof
{
    public static LockoutVerdict Check(Policy policy, IReadOnlyList<KeptFlow> flows) => Check(policy, flows, new AnalysisBudget());

    /// <param name="policy">The policy as compiled; it is lowered here as the back ends lower it.</param>
    public static LockoutVerdict Check(Policy policy, IReadOnlyList<KeptFlow> flows, AnalysisBudget budget)
    {
        var analysis = new PolicyAnalysis(PolicyLowering.Lower(policy));
        var failures = new List<LockoutFailure>();
        var warnings = new List<LockoutFailure>();
        // A family the policy emits no ruleset for is left as it is on the host, so its flows are not this policy's to keep.
        var checkedFlows = flows.Where(f => analysis.Families.Contains(f.Family)).ToArray();
        try
        {
            foreach (var flow in checkedFlows)
            {
                var proof = new FlowProof(analysis, flow, budget);
                Add(proof.Arriving(), failures);
                Add(proof.Replies(), failures);
                if (flow.IsSession && proof.NewConnection() is { } refused)
                {
                    (refused.Certain ? failures : warnings).Add(refused);
                }
            }
        }
        catch (AnalysisLimitExceededException limit)
        {
            return new LockoutVerdict(false, failures) { Warnings = warnings, Checked = checkedFlows, Undecided = limit.Message };
        }
        return new LockoutVerdict(failures.Count == 0, failures) { Warnings = warnings, Checked = checkedFlows };
    }

    private static void Add(LockoutFailure? failure, List<LockoutFailure> into)
    {
        if (failure is not null)
        {
            into.Add(failure);
        }
    }

    /// <summary>The three questions about one flow, on one policy analysis.</summary>
    private sealed class FlowProof
    {
        private readonly PolicyAnalysis _analysis;
        private readonly KeptFlow _flow;
        private readonly AnalysisBudget _budget;
        private readonly PacketUniverse _universe;

        public FlowProof(PolicyAnalysis analysis, KeptFlow flow, AnalysisBudget budget)
        {
            _analysis = analysis;
            _flow = flow;
            _budget = budget;
            _universe = analysis.Universe;
        }

        private int Established => ConntrackEncoding.Encode(ConntrackStates.Established, dnat: _flow.Dnat);

        public LockoutFailure? Arriving() => FirstRefused(LockoutPath.Arriving, Incoming(Established));

        public LockoutFailure? NewConnection()
        {
            // A fresh login picks a new source port, and conntrack has not NATed it yet.
            return FirstRefused(LockoutPath.NewConnection, Incoming(ConntrackEncoding.Encode(ConntrackStates.New), anySourcePort: true));
        }

        public LockoutFailure? Replies()
        {
            var sent = Base(Established)
                .With(Dimension.Source, Address(_flow.Server))
                .With(Dimension.Destination, Address(_flow.Client))
                .With(Dimension.SourcePort, IntervalSet.Single(_flow.ServerPort))
                .With(Dimension.DestinationPort, Ports(_flow.ClientPort));
            if (_flow.InInterface is { } name)
            {
                sent = sent.With(Dimension.OutInterface, IntervalSet.Single(_universe.Interfaces.SymbolOf(name)));
            }
            var outcomes = IncomingPipeline.RunSent(_analysis.Walker(_flow.Family, _budget), PacketSet.Of(sent));
            return FirstRefused(LockoutPath.Replies, outcomes);
        }

        private IReadOnlyList<FlowOutcome> Incoming(int state, bool anySourcePort = false)
        {
            var arriving = Base(state)
                .With(Dimension.Source, Address(_flow.Client))
                .With(Dimension.Destination, Address(_flow.Server))
                .With(Dimension.SourcePort, Ports(anySourcePort ? null : _flow.ClientPort))
                .With(Dimension.DestinationPort, IntervalSet.Single(_flow.ServerPort));
            if (_flow.InInterface is { } name)
            {
                arriving = arriving.With(Dimension.InInterface, IntervalSet.Single(_universe.Interfaces.SymbolOf(name)));
            }
            // The server address is this host's, so routing delivers what no DNAT sends elsewhere.
            var options = new IncomingOptions(new[] { IpNetwork.Parse(_flow.Server.ToString()) });
            return _analysis.Incoming(PacketSet.Of(arriving), _budget, options);
        }

        private PacketBox Base(int state) => _universe.Arriving(_flow.Family, IntervalSet.Single(state))
            .With(Dimension.Protocol, IntervalSet.Single(ProtocolNumbers.Of(_flow.Protocol)));

        private static IntervalSet Address(IPAddress address) => AddressRanges.Set(IpNetwork.Parse(address.ToString()));

        private static IntervalSet Ports(int? port) => port is { } p ? IntervalSet.Single(p) : IntervalSet.Range(PortSpan.MinPort, PortSpan.MaxPort);

        /// <summary>The first outcome that does not deliver (or, for replies, send) the packets; certain ones first.</summary>
        private LockoutFailure? FirstRefused(LockoutPath path, IReadOnlyList<FlowOutcome> outcomes)
        {
            var refused = outcomes
                .Where(o => o.Verdict != FinalVerdict.Accept || (path != LockoutPath.Replies && o.Delivery != Delivery.Local))
                .OrderBy(o => o.Uncertain)
                .FirstOrDefault();
            if (refused is null)
            {
                return null;
            }
            var packet = _universe.Witness(refused.Region);
            return new LockoutFailure(_flow, path, LockoutPacketText.Describe(_universe, packet, sent: path == LockoutPath.Replies),
                refused.Verdict, refused.Delivery, refused.Decider, !refused.Uncertain);
        }
    }
}
