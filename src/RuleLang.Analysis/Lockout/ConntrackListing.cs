using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Lockout;

/// <summary>
/// Reads <c>conntrack -L</c> output (plain or <c>-o extended</c>) into the flows a new policy must keep: every
/// ESTABLISHED tcp or sctp entry, and every udp entry conntrack has marked [ASSURED] (traffic seen both ways: a
/// VPN, mosh or DNS session in use). ICMP entries are left out (a ping is no session), and so is any line that
/// is not an entry. Never throws: the text is the kernel's, but nothing here trusts it.
/// </summary>
public static class ConntrackListing
{
    /// <param name="conntrackL">The listing, one entry a line.</param>
    /// <param name="localAddresses">
    /// This host's addresses. Given, an entry whose reply comes from a local address is kept as a connection
    /// to this host, one whose original source is local (the host connected out) with its ends swapped, and one
    /// with neither end local (forwarded through the host) is left out. Null: every entry is taken as a
    /// connection to this host.
    /// </param>
    public static IReadOnlyList<KeptFlow> ParseEstablished(string conntrackL, IReadOnlyCollection<IPAddress>? localAddresses = null)
    {
        var flows = new List<KeptFlow>();
        foreach (string line in (conntrackL ?? "").Split('\n'))
        {
            if (Entry(line) is { } entry && Oriented(entry, localAddresses) is { } flow && !flows.Contains(flow))
            {
                flows.Add(flow);
            }
        }
        return flows;
    }

    /// <summary>One entry's original and reply tuples, or null when the line is not a kept entry.</summary>
    private static (Protocol Protocol, ConnectionTuple Original, ConnectionTuple Reply)? Entry(string line)
    {
        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        // "-o extended" puts the layer 3 name and number first: "ipv4 2 tcp 6 …".
        int start = words.Length > 2 && words[0] is "ipv4" or "ipv6" ? 2 : 0;
        if (words.Length < start + 1)
        {
            return null;
        }
        Protocol? protocol = words[start] switch
        {
            "tcp" => Protocol.Tcp,
            "udp" => Protocol.Udp,
            "sctp" => Protocol.Sctp,
            _ => null,
        };
        bool kept = protocol switch
        {
            Protocol.Udp => words.Contains("[ASSURED]"),
            null => false,
            _ => words.Contains("ESTABLISHED"),
        };
        if (!kept)
        {
            return null;
        }
        var tuples = new List<ConnectionTuple>();
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string word in words.Skip(start + 1))
        {
            int equals = word.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }
            string key = word.Substring(0, equals);
            if (key is not ("src" or "dst" or "sport" or "dport"))
            {
                continue;
            }
            // A key seen again starts the reply tuple.
            if (current.ContainsKey(key))
            {
                tuples.Add(Read(current));
                current.Clear();
            }
            current[key] = word.Substring(equals + 1);
        }
        tuples.Add(Read(current));
        if (tuples.Count != 2 || tuples.Any(t => !t.IsComplete) || tuples[0].Source!.AddressFamily != tuples[1].Source!.AddressFamily)
        {
            return null;
        }
        return (protocol!.Value, tuples[0], tuples[1]);
    }

    private static KeptFlow? Oriented((Protocol Protocol, ConnectionTuple Original, ConnectionTuple Reply) entry, IReadOnlyCollection<IPAddress>? local)
    {
        var (protocol, original, reply) = entry;
        bool toHost = local is null || local.Contains(reply.Source!);
        if (!toHost && local!.Contains(original.Source!))
        {
            // The host connected out: the far end's packets arrive (INPUT), the host's leave (OUTPUT), as for a
            // client connecting in with the ends swapped. The reply tuple holds the far end after any NAT.
            return new KeptFlow(protocol, reply.Source!, reply.SourcePort, reply.Destination!, reply.DestinationPort!.Value, Origin(protocol, original));
        }
        if (!toHost)
        {
            return null;
        }
        // INPUT sees the destination after DNAT, which is the reply's source.
        bool dnat = !original.Destination!.Equals(reply.Source) || original.DestinationPort != reply.SourcePort;
        return new KeptFlow(protocol, original.Source!, original.SourcePort, reply.Source!, reply.SourcePort!.Value, Origin(protocol, original)) { Dnat = dnat };
    }

    private static string Origin(Protocol protocol, ConnectionTuple original) =>
        "conntrack " + protocol.ToString().ToLowerInvariant() + " " + KeptFlow.Endpoint(original.Source!, original.SourcePort)
        + " -> " + KeptFlow.Endpoint(original.Destination!, original.DestinationPort);

    private static ConnectionTuple Read(Dictionary<string, string> fields)
    {
        IPAddress? Address(string key) => fields.TryGetValue(key, out string? text) && KeptFlow.TryParseAddress(text, out var a) ? a : null;
        int? Port(string key) => fields.TryGetValue(key, out string? text) && KeptFlow.TryPort(text, out int p) ? p : null;
        return new ConnectionTuple(Address("src"), Address("dst"), Port("sport"), Port("dport"));
    }

    private sealed record ConnectionTuple(IPAddress? Source, IPAddress? Destination, int? SourcePort, int? DestinationPort)
    {
        public bool IsComplete => Source is not null && Destination is not null && SourcePort is not null && DestinationPort is not null
            && Source.AddressFamily == Destination.AddressFamily;
    }
}
