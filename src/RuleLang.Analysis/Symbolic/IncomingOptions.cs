using System.Collections.Generic;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// What the analysis of incoming traffic assumes about the host. Without local addresses, a packet whose
/// destination no DNAT changed is taken as addressed to the host (INPUT) and a DNATed one as forwarded (FORWARD),
/// unless REDIRECT sent it to the host; with them, routing follows the (rewritten) destination, and multicast and
/// the limited broadcast are delivered too, as the trace has them.
/// </summary>
public sealed record IncomingOptions(IReadOnlyList<IpNetwork>? LocalAddresses = null)
{
    public static IncomingOptions Default { get; } = new();
}
