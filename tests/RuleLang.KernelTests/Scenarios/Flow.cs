using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests.Scenarios;

public enum FlowKind
{
    /// <summary>One TCP connection; the outcome is Connected(reply), Refused or TimedOut.</summary>
    Tcp,

    /// <summary>One UDP request; Connected(reply) or TimedOut (or Refused on ICMP port unreachable).</summary>
    Udp,

    /// <summary>One ICMP or ICMPv6 echo request; Connected(echo-reply) or TimedOut.</summary>
    Ping,

    /// <summary><see cref="Flow.Count"/> TCP connections (ConnectMany); the outcome is the set of replies.</summary>
    TcpMany,

    /// <summary>
    /// <see cref="Flow.Count"/> TCP connections from one client to a service with ClientIP affinity: "Sticky" when
    /// every one reached the same endpoint of <see cref="Flow.Balance"/> (which one is the first pick's chance), else the set of replies.
    /// </summary>
    TcpSticky,
}

/// <summary>
/// One flow of a scenario: from the host with role <see cref="Client"/> to an address and port, and the outcome
/// the policy asks for. The same flow is driven through every back end's copy of the topology.
/// </summary>
/// <param name="Balance">For a load-balanced TcpMany flow: the endpoints (replies) it must spread over evenly; for TcpSticky, the endpoints it may stick to.</param>
/// <param name="NftExpected">
/// Where kube-proxy's two modes differ, the outcome its nftables mode gives (both nft services layouts follow it):
/// it rejects the ports a cluster IP does not serve (cluster-ips-check), its iptables mode lets them pass unanswered.
/// </param>
public sealed record Flow(string Name, string Client, FlowKind Kind, string Address, int Port, string Expected, int Count = 1, string[]? Balance = null, string? NftExpected = null)
{
    public const string Sticky = "Sticky";

    /// <summary>The outcome the policy asks for with this back end.</summary>
    public string ExpectedWith(Backend backend) => backend != Backend.Iptables && NftExpected is { } nft ? nft : Expected;

    /// <summary>How long a dropped packet is waited for; accepted ones answer in milliseconds.</summary>
    public static readonly TimeSpan DropWait = TimeSpan.FromSeconds(1.5);

    public string Describe() => Kind switch
    {
        FlowKind.Ping => $"{Client} → ping {Address}",
        FlowKind.TcpMany or FlowKind.TcpSticky => $"{Client} → tcp [{Address}]:{Port} ×{Count}",
        _ => $"{Client} → {Kind.ToString().ToLowerInvariant()} [{Address}]:{Port}",
    };

    public override string ToString() => Name;

    /// <summary>Drives the flow from the scenario's client namespace and classifies what came back.</summary>
    public FlowResult Run(Scenario scenario)
    {
        NetNamespace client = scenario.Host(Client);
        switch (Kind)
        {
            case FlowKind.Tcp:
                return FlowResult.Of(Traffic.TryConnect(client, Address, Port, DropWait));
            // One datagram has no retransmission: a single loss while many flows start at once would read as a
            // drop. Retries (the later ones waiting longer, as a loaded CI machine once needed) cost a dropped flow
            // more waiting and leave a real drop what it is.
            case FlowKind.Udp:
                ConnectOutcome udp = Traffic.UdpRequest(client, Address, Port, DropWait);
                for (int attempt = 2; udp.Status == ConnectStatus.TimedOut && attempt <= 3; attempt++)
                {
                    udp = Traffic.UdpRequest(client, Address, Port, DropWait * attempt);
                }

                return FlowResult.Of(udp);
            case FlowKind.Ping:
                bool echoed = Traffic.Ping(client, Address, DropWait) || Traffic.Ping(client, Address, DropWait * 2);
                return new FlowResult(echoed ? "Connected(echo-reply)" : "TimedOut", null);
            default:
                IReadOnlyList<ConnectOutcome> outcomes = Traffic.ConnectMany(client, Address, Port, Count);
                IReadOnlyDictionary<string, int> counts = Traffic.CountByReply(outcomes);
                string set = string.Join(", ", counts.Keys.Order(StringComparer.Ordinal));
                bool stuck = Kind == FlowKind.TcpSticky && counts.Count == 1 && outcomes.All(o => o.IsConnected)
                    && Balance is { } endpoints && endpoints.Contains(counts.Keys.Single());
                return new FlowResult(stuck ? Sticky : $"Connected{{{set}}}", counts);
        }
    }
}

/// <summary>What a flow gave: a comparable outcome (details such as socat's error text left out) and, for many connections, the count per reply.</summary>
public sealed record FlowResult(string Outcome, IReadOnlyDictionary<string, int>? Counts)
{
    public static FlowResult Of(ConnectOutcome outcome) => new(outcome.Status switch
    {
        ConnectStatus.Connected => $"Connected({outcome.Reply})",
        ConnectStatus.Failed => $"Failed({outcome.Detail})",
        _ => outcome.Status.ToString(),
    }, null);

    public static string ShowCounts(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value.ToString(CultureInfo.InvariantCulture)}"));

    public override string ToString() => Outcome;
}
