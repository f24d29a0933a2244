using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RuleLang.Analysis.Trace;
using RuleLang.KernelTests.Scenarios;
using RuleLang.Model;

namespace RuleLang.KernelTests.Trace;

/// <summary>
/// What a flow of a scenario should give, by the trace alone: the request is traced through the firewall, every
/// outcome it may have (with load balancing, several) is turned into what the client would see (a reply from the
/// host and service it reaches, Refused where nothing listens, TimedOut where dropped or blackholed), and the
/// reply is traced back through the firewall too (state established; as conntrack has undone the NAT by then).
/// </summary>
internal static class TracePrediction
{
    /// <summary>The predicted outcome in <see cref="FlowResult.Outcome"/>'s form, or null for a flow that never crosses the firewall.</summary>
    public static string? Predict(Policy policy, TraceWorld world, Flow flow, out string trace)
    {
        trace = "";
        bool fromFirewall = flow.Client == world.Firewall;
        string destination = flow.Address;
        bool v6 = TraceWorld.IsV6(destination);
        string protocol = flow.Kind switch { FlowKind.Udp => "udp", FlowKind.Ping => "icmp", _ => "tcp" };
        string source;
        string where;
        if (fromFirewall)
        {
            source = world.AddressOn(world.Route(destination) ?? world.FirewallInterfaces[0].Interface, v6);
            where = "from local";
        }
        else
        {
            var client = world.Host(flow.Client);
            source = client.Addresses.First(a => TraceWorld.IsV6(a) == v6);
            string? oif = world.IsLocal(destination) ? null : world.Route(destination);
            if (oif == client.Interface)
            {
                return null;
            }
            where = $"iif {client.Interface}" + (oif is null ? "" : $" oif {oif}");
        }
        string packet = protocol == "icmp"
            ? $"icmp {source} -> {destination} {where} type echo-request"
            : $"{protocol} {Endpoint(source, 40000)} -> {Endpoint(destination, flow.Port)} {where}";
        var options = new TraceOptions { LocalAddresses = world.LocalAddresses.ToArray() };
        var result = PacketTracer.Trace(policy, Parse(packet), options);
        trace = TraceTextWriter.Write(result);

        var ends = new List<string>();
        foreach (var outcome in result.Outcomes.Where(o => o.Probability > 0))
        {
            string end = End(policy, world, flow, protocol, source, where, result.Paths[outcome.Paths[0]], outcome, options, ref trace);
            if (!ends.Contains(end))
            {
                ends.Add(end);
            }
        }
        if (flow.Kind == FlowKind.TcpMany && ends.All(e => e.StartsWith("Connected(", StringComparison.Ordinal)))
        {
            return "Connected{" + string.Join(", ", ends.Select(e => e.Substring(10, e.Length - 11)).Order(StringComparer.Ordinal)) + "}";
        }
        return string.Join(" or ", ends);
    }

    private static string End(Policy policy, TraceWorld world, Flow flow, string protocol, string client, string where, TracePath path, TraceOutcome outcome, TraceOptions options, ref string trace)
    {
        if (outcome.Verdict == TraceVerdict.Dropped)
        {
            return "TimedOut";
        }
        if (outcome.Verdict == TraceVerdict.Rejected)
        {
            return "Refused";
        }
        string server = outcome.Destination.ToString();
        int port = outcome.DestinationPort ?? 0;
        string? answer;
        string? replyWhere;
        if (outcome.Delivery == TraceDelivery.Local)
        {
            answer = protocol == "icmp" ? "echo-reply" : TraceWorld.Answer(world.FirewallListeners, protocol, server, port);
            replyWhere = "from local";
        }
        else
        {
            if (world.Blackholed(server) || world.HostAt(server) is not { } host)
            {
                return "TimedOut";
            }
            string seen = outcome.MasqueradeInterface is { } via ? world.AddressOn(via, TraceWorld.IsV6(server)) : outcome.Source.ToString();
            answer = protocol == "icmp" ? "echo-reply" : TraceWorld.Answer(host.Listeners, protocol, server, port);
            answer = answer == "peer" ? seen : answer;
            string requestIn = where.StartsWith("iif ", StringComparison.Ordinal) ? where.Split(' ')[1] : "";
            replyWhere = $"iif {host.Interface}" + (requestIn.Length > 0 ? $" oif {requestIn}" : "");
        }
        if (answer is null)
        {
            // Nothing listens: the host answers with a TCP reset or an ICMP port unreachable, which conntrack
            // relates to the connection; the client reads either as refused.
            return "Refused";
        }
        // The reply, after conntrack has undone the NAT: from the server as the client addressed it is not needed,
        // as every rule that tests replies tests their state; it goes from the real server to the real client.
        bool untracked = path.Steps.Any(s => s.Chain == "conntrack" && s.Action.Contains("UNTRACKED", StringComparison.Ordinal));
        string state = untracked ? "new" : "established";
        string reply = protocol == "icmp"
            ? $"icmp {server} -> {client} {replyWhere} type echo-reply state {state}"
            : $"{protocol} {Endpoint(server, port)} -> {Endpoint(client, 40000)} {replyWhere} state {state}";
        var back = PacketTracer.Trace(policy, Parse(reply), options);
        trace += "\nreply:\n" + TraceTextWriter.Write(back);
        if (back.Outcomes.Any(o => o.Verdict != TraceVerdict.Accepted))
        {
            return "TimedOut";
        }
        return $"Connected({answer})";
    }

    private static string Endpoint(string address, int port) =>
        TraceWorld.IsV6(address) ? $"[{address}]:{port.ToString(CultureInfo.InvariantCulture)}" : $"{address}:{port.ToString(CultureInfo.InvariantCulture)}";

    private static PacketSpec Parse(string text)
    {
        var parsed = PacketParser.Parse(text);
        return parsed.Packet ?? throw new InvalidOperationException($"{text}: {parsed.Diagnostic}");
    }
}
