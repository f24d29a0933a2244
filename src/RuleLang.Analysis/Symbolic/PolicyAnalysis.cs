using System.Collections.Generic;
using System.Linq;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// A lowered policy ready for symbolic questions: its universe and one walker per family it emits a ruleset for
/// (IPv4 always, IPv6 when the compiler emits ip6tables for it).
/// </summary>
public sealed class PolicyAnalysis
{
    private readonly Dictionary<IpFamily, Policy> _projections = new();

    /// <param name="lowered">The policy after PolicyLowering.Lower.</param>
    /// <param name="universe">Shared with another policy for a diff; made from this one by default.</param>
    public PolicyAnalysis(Policy lowered, PacketUniverse? universe = null, IEnumerable<IpFamily>? families = null)
    {
        Lowered = lowered;
        Universe = universe ?? PacketUniverse.For(new[] { lowered });
        var wanted = families?.ToArray()
            ?? (FamilyProjection.NeedsIPv6Ruleset(lowered) ? new[] { IpFamily.IPv4, IpFamily.IPv6 } : new[] { IpFamily.IPv4 });
        foreach (var family in wanted)
        {
            _projections[family] = FamilyProjection.Project(lowered, family);
        }
    }

    public Policy Lowered { get; }

    public PacketUniverse Universe { get; }

    public IReadOnlyCollection<IpFamily> Families => _projections.Keys;

    public ChainWalker Walker(IpFamily family, AnalysisBudget budget, RuleVisits? visits = null) =>
        new(_projections[family], family, Universe, budget, visits);

    /// <summary>The fates of the arriving packets in the space (one family's boxes are run on that family's ruleset).</summary>
    public IReadOnlyList<FlowOutcome> Incoming(PacketSet arriving, AnalysisBudget budget, IncomingOptions? options = null)
    {
        var outcomes = new List<FlowOutcome>();
        foreach (var family in Families)
        {
            var part = new PacketSet(arriving.Boxes.Where(b => b.Family == family).ToArray());
            if (!part.IsEmpty)
            {
                outcomes.AddRange(IncomingPipeline.Run(Walker(family, budget), part, options));
            }
        }
        return outcomes;
    }

    /// <summary>Every arriving packet of the analysed families, in the given conntrack states (NEW by default).</summary>
    public PacketSet Arriving(IntervalSet? states = null) =>
        new(Families.Select(f => Universe.Arriving(f, states)).ToArray());
}
