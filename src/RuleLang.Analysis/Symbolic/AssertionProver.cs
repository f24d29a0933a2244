using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using RuleLang.Model.Assertions;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// Proves an assertion over every packet of its space: runs the whole space through the incoming pipeline and
/// looks for an outcome that breaks the property. No sampling: the space is a set of boxes and each outcome's
/// region is exact, so "holds" means for all packets.
/// </summary>
public static class AssertionProver
{
    public static AssertionResult Prove(PolicyAnalysis analysis, PolicyAssertion assertion, AnalysisBudget budget, IncomingOptions? options = null)
    {
        var space = Space(analysis, assertion);
        if (space.IsEmpty)
        {
            return AssertionResult.Undecidable("its packets match no packet of the families the policy filters");
        }
        var endpoints = assertion.Kind == AssertionKind.ReachesOnly ? Endpoints(assertion.Endpoints) : null;
        if (endpoints is not null && endpoints.Count != assertion.Endpoints.Count)
        {
            return AssertionResult.Undecidable("an endpoint is not written as address or address:port");
        }
        IReadOnlyList<FlowOutcome> outcomes;
        try
        {
            outcomes = analysis.Incoming(space, budget, options);
        }
        catch (AnalysisLimitExceededException limit)
        {
            return AssertionResult.Undecidable(limit.Message);
        }
        // Certain outcomes first, so a counterexample shows what always happens before what may.
        foreach (var outcome in outcomes.OrderBy(o => o.Uncertain))
        {
            var breaking = Violation(analysis, assertion, outcome, endpoints);
            if (!breaking.IsEmpty)
            {
                var packet = analysis.Universe.Witness(breaking);
                return new AssertionResult(false, analysis.Universe.Describe(packet), outcome, null);
            }
        }
        return AssertionResult.Proved;
    }

    /// <summary>The assertion's packets: its matches, in state NEW unless it names states, with mark 0.</summary>
    public static PacketSet Space(PolicyAnalysis analysis, PolicyAssertion assertion)
    {
        bool namesState = assertion.Packets.Any(m => m is ConntrackMatch);
        var boxes = new List<PacketBox>();
        // As with rules, an address or ICMP type of one family ties the assertion to that family.
        var own = assertion.Packets.Select(m => m.Family).FirstOrDefault(f => f is not null);
        foreach (var family in analysis.Families.Where(f => own is null || f == own))
        {
            var condition = RuleCondition.For(assertion.Packets, analysis.Universe, family);
            if (condition.Box is not { } box)
            {
                continue;
            }
            var arriving = analysis.Universe.Arriving(family, namesState ? analysis.Universe.Domain(family, Dimension.State) : null);
            if (box.Intersect(arriving) is { } part)
            {
                boxes.Add(part);
            }
        }
        return new PacketSet(boxes);
    }

    private static PacketSet Violation(PolicyAnalysis analysis, PolicyAssertion assertion, FlowOutcome outcome, List<(IpFamily Family, BigInteger Address, int? Port)>? endpoints)
    {
        bool accepted = outcome.Verdict == FinalVerdict.Accept;
        switch (assertion.Kind)
        {
            case AssertionKind.Dropped:
                return accepted ? outcome.Region : PacketSet.Empty;
            case AssertionKind.Accepted:
                return accepted ? PacketSet.Empty : outcome.Region;
            case AssertionKind.NeverReaches when accepted:
                return ReachingPort(analysis, outcome, assertion.Port ?? 0);
            case AssertionKind.ReachesOnly when accepted:
                return OutsideEndpoints(analysis, outcome, endpoints!);
            default:
                return PacketSet.Empty;
        }
    }

    private static PacketSet ReachingPort(PolicyAnalysis analysis, FlowOutcome outcome, int port)
    {
        var withPorts = analysis.Universe.Full(outcome.Family).With(Dimension.Protocol,
            IntervalSet.Of(new[] { ProtocolNumbers.Tcp, ProtocolNumbers.Udp, ProtocolNumbers.Sctp }.Select(p => ((BigInteger)p, (BigInteger)p))));
        var region = outcome.Region.Intersect(withPorts);
        if (outcome.Rewrite[Dimension.DestinationPort] is { Constant: { } ports })
        {
            return ports.Contains(port) ? region : PacketSet.Empty;
        }
        return region.Intersect(withPorts.With(Dimension.DestinationPort, IntervalSet.Single(port)));
    }

    private static PacketSet OutsideEndpoints(PolicyAnalysis analysis, FlowOutcome outcome, List<(IpFamily Family, BigInteger Address, int? Port)> endpoints)
    {
        if (outcome.Rewrite.Redirected)
        {
            return outcome.Region;
        }
        var full = analysis.Universe.Full(outcome.Family);
        var address = outcome.Rewrite[Dimension.Destination]?.Constant;
        var ports = outcome.Rewrite[Dimension.DestinationPort]?.Constant;
        var remaining = outcome.Region;
        foreach (var (family, endpointAddress, endpointPort) in endpoints.Where(e => e.Family == outcome.Family))
        {
            var allowed = full;
            if (address is not null)
            {
                if (!address.IsSubsetOf(IntervalSet.Single(endpointAddress)))
                {
                    continue;
                }
            }
            else
            {
                allowed = allowed.With(Dimension.Destination, IntervalSet.Single(endpointAddress));
            }
            if (endpointPort is { } port)
            {
                if (ports is not null)
                {
                    if (!ports.IsSubsetOf(IntervalSet.Single(port)))
                    {
                        continue;
                    }
                }
                else
                {
                    allowed = allowed.With(Dimension.DestinationPort, IntervalSet.Single(port));
                }
            }
            remaining = remaining.Subtract(allowed);
        }
        return remaining;
    }

    /// <summary>"10.0.0.174:80", "10.0.0.174", "[2001:db8::1]:80".</summary>
    public static List<(IpFamily Family, BigInteger Address, int? Port)> Endpoints(IEnumerable<string> written)
    {
        var endpoints = new List<(IpFamily, BigInteger, int?)>();
        foreach (var text in written)
        {
            string address = text;
            int? port = null;
            int colon = text.LastIndexOf(':');
            bool bracketed = text.StartsWith("[", System.StringComparison.Ordinal);
            if (colon > 0 && (bracketed || text.IndexOf(':') == colon))
            {
                if (!int.TryParse(text.Substring(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value)
                    || value < PortSpan.MinPort || value > PortSpan.MaxPort)
                {
                    continue;
                }
                port = value;
                address = text.Substring(0, colon);
            }
            address = address.Trim('[', ']');
            if (AddressRanges.TryParse(address, out var family, out var number))
            {
                endpoints.Add((family, number, port));
            }
        }
        return endpoints;
    }
}
