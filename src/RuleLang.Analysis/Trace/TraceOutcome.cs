using System.Collections.Generic;
using System.Net;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// One way the packet ends, with its probability: several paths that end alike (same verdict, same addresses
/// after NAT) are summed into one outcome.
/// </summary>
public sealed record TraceOutcome(double Probability, TraceVerdict Verdict, TraceDelivery Delivery, IPAddress Source, int? SourcePort, IPAddress Destination, int? DestinationPort)
{
    /// <summary>Set when MASQUERADE rewrote the source: the interface whose address it takes.</summary>
    public string? MasqueradeInterface { get; init; }

    /// <summary>The destination port range, when a NAT target gave a range rather than one port.</summary>
    public string? DestinationPortRange { get; init; }

    public uint Mark { get; init; }

    /// <summary>The indexes into <see cref="TraceResult.Paths"/> of the paths that end this way.</summary>
    public IReadOnlyList<int> Paths { get; init; } = System.Array.Empty<int>();

    /// <summary>Destination as ip:port (IPv6 bracketed), or the address alone for portless protocols.</summary>
    public string DestinationText => Endpoints.Format(Destination, DestinationPortRange ?? DestinationPort?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string SourceText => MasqueradeInterface is { } via
        ? $"the address of {via} (MASQUERADE)"
        : Endpoints.Format(Source, SourcePort?.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
