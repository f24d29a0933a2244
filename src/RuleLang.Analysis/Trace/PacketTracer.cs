using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// Follows one packet through a policy as netfilter would: the policy is lowered and split by family exactly as
/// the back ends see it, then walked hook by hook (raw, conntrack, mangle, nat, filter, security; the routing
/// decision; POSTROUTING). Every random or nth branch is followed both ways, so the result is the exact
/// distribution over outcomes, not one sample.
/// </summary>
public static class PacketTracer
{
    public static TraceResult Trace(Policy policy, PacketSpec packet, TraceOptions? options = null)
    {
        options ??= TraceOptions.Default;
        var diagnostics = new List<PolicyDiagnostic>();
        var local = LocalAddresses(packet, options, diagnostics);
        if (diagnostics.Count > 0)
        {
            return new TraceResult(packet, Array.Empty<TracePath>(), Array.Empty<TraceOutcome>(), Array.Empty<string>()) { Diagnostics = diagnostics };
        }
        var projected = FamilyProjection.Project(PolicyLowering.Lower(policy), packet.Family);

        var notes = new HashSet<string>(StringComparer.Ordinal);
        if (options.LocalAddresses is null)
        {
            notes.Add("local addresses were not given (--local), so the trace took " + (local.Listed.Count == 0 ? "loopback alone" : string.Join(", ", local.Listed) + " and loopback") + " as this host's");
        }
        var paths = new List<TracePath>();
        var pending = new Stack<bool[]>();
        pending.Push(Array.Empty<bool>());
        while (pending.Count > 0)
        {
            if (paths.Count >= options.MaxPaths)
            {
                notes.Add($"the trace stopped after {options.MaxPaths} random paths; the outcomes cover only part of the probability");
                break;
            }
            var forced = pending.Pop();
            var run = new TraceRun(projected, packet, options, local, forced, notes);
            paths.Add(run.Run());
            // Each branch this run decided for the first time was taken; its other side is a path still to run.
            // Pushed shallow first, so the next path is the one that parts from this one latest.
            for (int j = forced.Length; j < run.Decisions.Count; j++)
            {
                var alternative = new bool[j + 1];
                for (int k = 0; k < j; k++)
                {
                    alternative[k] = run.Decisions[k];
                }
                alternative[j] = false;
                pending.Push(alternative);
            }
        }
        return new TraceResult(packet, paths, Group(paths), notes.OrderBy(n => n, StringComparer.Ordinal).ToArray())
        {
            LocalAddresses = local.Listed,
        };
    }

    /// <summary>Paths that end alike are one outcome; outcomes are listed most likely first.</summary>
    private static IReadOnlyList<TraceOutcome> Group(List<TracePath> paths)
    {
        var groups = new List<(TraceOutcome Outcome, List<int> Paths, double Probability)>();
        for (int i = 0; i < paths.Count; i++)
        {
            var o = paths[i].Outcome;
            int found = groups.FindIndex(g => Same(g.Outcome, o));
            if (found < 0)
            {
                groups.Add((o, new List<int> { i }, o.Probability));
            }
            else
            {
                var g = groups[found];
                g.Paths.Add(i);
                groups[found] = (g.Outcome, g.Paths, g.Probability + o.Probability);
            }
        }
        return groups
            .Select(g => g.Outcome with { Probability = g.Probability, Paths = g.Paths.ToArray() })
            .OrderByDescending(o => o.Probability)
            .ToArray();
    }

    private static bool Same(TraceOutcome a, TraceOutcome b) =>
        a.Verdict == b.Verdict && a.Delivery == b.Delivery && a.Source.Equals(b.Source) && a.SourcePort == b.SourcePort
        && a.Destination.Equals(b.Destination) && a.DestinationPort == b.DestinationPort
        && a.MasqueradeInterface == b.MasqueradeInterface && a.DestinationPortRange == b.DestinationPortRange && a.Mark == b.Mark;

    private static LocalAddressSet LocalAddresses(PacketSpec packet, TraceOptions options, List<PolicyDiagnostic> diagnostics)
    {
        if (options.LocalAddresses is { } given)
        {
            var parsed = new List<IPAddress>();
            var broadcasts = new List<IPAddress>();
            foreach (string text in given)
            {
                if (TryLocalAddress(text.Trim(), out var address, out int? prefix, out string error))
                {
                    parsed.Add(address);
                    if (prefix is int p && LocalAddressSet.BroadcastOf(address, p) is { } broadcast)
                    {
                        broadcasts.Add(broadcast);
                    }
                }
                else
                {
                    diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.InvalidAddress, new SourceLocation("--local", 0, 0), text, error));
                }
            }
            return new LocalAddressSet(parsed, broadcasts);
        }
        // Nothing given: a received packet with no oif is taken as addressed to this host, one the host sends as
        // sent from its own address.
        var assumed = new List<IPAddress>();
        if (packet.FromLocal)
        {
            assumed.Add(packet.Source);
        }
        else if (packet.OutInterface is null)
        {
            assumed.Add(packet.Destination);
        }
        return new LocalAddressSet(assumed);
    }

    /// <summary>
    /// One host address, or one as `ip addr` shows it, ADDRESS/PREFIX: the prefix names the subnet whose
    /// broadcast address is then the host's too.
    /// </summary>
    private static bool TryLocalAddress(string text, out IPAddress address, out int? prefix, out string error)
    {
        address = IPAddress.None;
        prefix = null;
        int slash = text.IndexOf('/');
        string host = slash < 0 ? text : text.Substring(0, slash);
        if (!IpNetwork.TryParse(host, out var network, out error) || !network.IsHost || host.IndexOf('/') >= 0)
        {
            error = string.IsNullOrEmpty(error) ? "a local address is one host address, optionally with its prefix (10.0.0.1/24)" : error;
            return false;
        }
        address = new IPAddress(network.GetAddressBytes());
        if (slash >= 0)
        {
            int max = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
            string digits = text.Substring(slash + 1);
            if (digits.Length is 0 or > 3 || !digits.All(c => c >= '0' && c <= '9') || int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) > max)
            {
                error = $"the prefix after / is a number from 0 to {max}";
                return false;
            }
            prefix = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        }
        return true;
    }
}
