using System;
using System.Collections.Generic;

namespace RuleLang.Analysis.Trace;

/// <summary>What the trace cannot learn from the packet or the policy: the host's addresses and the kernel's lists.</summary>
public sealed record TraceOptions
{
    public static TraceOptions Default { get; } = new();

    /// <summary>
    /// The host's own addresses (for -m addrtype LOCAL and the routing decision). Null: loopback, plus the
    /// packet's destination when it arrives on an interface with no oif given (it is addressed to this host),
    /// plus its source when it is from local.
    /// </summary>
    public IReadOnlyList<string>? LocalAddresses { get; init; }

    /// <summary>
    /// The -m recent lists that already hold the packet's source address (a returning client with session
    /// affinity). Empty: a first packet, which no --rcheck matches.
    /// </summary>
    public IReadOnlyCollection<string> RecentLists { get; init; } = Array.Empty<string>();

    /// <summary>How many random branches the trace follows before it stops and says so.</summary>
    public int MaxPaths { get; init; } = 4096;
}
