using System.Collections.Generic;
using System.Net;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Trace;

/// <summary>The packet as it is now, part way through the hooks: NAT and MARK change it as the trace goes.</summary>
internal sealed class PacketState
{
    public PacketState(PacketSpec spec)
    {
        Spec = spec;
        Source = spec.Source;
        SourcePort = spec.SourcePort;
        Destination = spec.Destination;
        DestinationPort = spec.DestinationPort;
        Mark = spec.Mark;
    }

    public PacketSpec Spec { get; }

    public Protocol Protocol => Spec.Protocol;

    public IPAddress Source { get; set; }

    public int? SourcePort { get; set; }

    public IPAddress Destination { get; set; }

    public int? DestinationPort { get; set; }

    /// <summary>The policy's named sets, which -m set looks the packet up in (SetMembership).</summary>
    public System.Collections.Generic.IReadOnlyList<Model.Sets.NamedSet> Sets { get; set; } = System.Array.Empty<Model.Sets.NamedSet>();

    /// <summary>A NAT target's port range (low-high), when it gave more than one port.</summary>
    public string? DestinationPortRange { get; set; }

    public string? MasqueradeInterface { get; set; }

    /// <summary>"" where the kernel has no device (OUTPUT's input, PREROUTING's output), as iptables compares it.</summary>
    public string InInterface { get; set; } = "";

    public string OutInterface { get; set; } = "";

    public uint Mark { get; set; }

    public uint ConnectionMark { get; set; }

    /// <summary>Null until conntrack has looked at the packet (the raw table runs before it).</summary>
    public ConntrackStates? Conntrack { get; set; }

    /// <summary>CT --notrack ran in raw: conntrack will leave the packet untracked.</summary>
    public bool NotrackRequested { get; set; }

    /// <summary>The CT target (helper, zone) that ran first in raw: the kernel ignores any CT target after it.</summary>
    public Model.Targets.CtTarget? CtTemplate { get; set; }

    /// <summary>The nat table has had its say on the destination (PREROUTING, OUTPUT) and the source (INPUT, POSTROUTING).</summary>
    public bool DestinationNatDone { get; set; }

    public bool SourceNatDone { get; set; }

    /// <summary>REDIRECT sent it to the host itself, whatever the destination address now says.</summary>
    public bool Redirected { get; set; }

    public HashSet<string> RecentLists { get; } = new(System.StringComparer.Ordinal);

    /// <summary>The -m recent --rdest lists that hold the packet's destination (a list keeps one side's addresses).</summary>
    public HashSet<string> RecentDestinationLists { get; } = new(System.StringComparer.Ordinal);

    /// <summary>The recent lists of one side: --rsource lists hold sources, --rdest lists destinations.</summary>
    public HashSet<string> RecentListsOf(AddressSide side) => side == AddressSide.Destination ? RecentDestinationLists : RecentLists;

    /// <summary>The state bits -m conntrack --ctstate tests: before conntrack there is no connection, which reads as INVALID.</summary>
    public ConntrackStates StateBits => Conntrack ?? ConntrackStates.Invalid;
}
