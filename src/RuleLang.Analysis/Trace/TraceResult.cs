using System.Collections.Generic;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// A packet followed through a policy: every path (one per combination of random branches), the outcomes they
/// come to with their probabilities, and the assumptions the trace made (limits, recent lists, local addresses).
/// </summary>
public sealed record TraceResult(PacketSpec Packet, IReadOnlyList<TracePath> Paths, IReadOnlyList<TraceOutcome> Outcomes, IReadOnlyList<string> Assumptions)
{
    /// <summary>Problems with the request (an address of the wrong family, say); no paths when there are any.</summary>
    public IReadOnlyList<PolicyDiagnostic> Diagnostics { get; init; } = System.Array.Empty<PolicyDiagnostic>();

    /// <summary>The addresses the trace took as the host's own.</summary>
    public IReadOnlyList<string> LocalAddresses { get; init; } = System.Array.Empty<string>();
}
