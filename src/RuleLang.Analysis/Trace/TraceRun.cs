using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// One path of a trace: the packet through the hooks in netfilter's order, every random branch decided by
/// <see cref="_forced"/> where it says and taken where it does not. <see cref="PacketTracer"/> runs it again
/// with each untaken branch forced, until every path is known.
/// </summary>
internal sealed class TraceRun
{
    // The kernel's order of tables at each hook; null is conntrack, which takes the packet in where it enters.
    private static readonly TableKind?[] PreroutingTables = WithConntrack(Model.Netfilter.Hook.Prerouting);
    private static readonly TableKind?[] OutputTables = WithConntrack(Model.Netfilter.Hook.Output);
    private static readonly TableKind?[] InputTables = Tables(Model.Netfilter.Hook.Input);
    private static readonly TableKind?[] ForwardTables = Tables(Model.Netfilter.Hook.Forward);
    private static readonly TableKind?[] PostroutingTables = Tables(Model.Netfilter.Hook.Postrouting);

    private readonly Policy _policy;
    private readonly LocalAddressSet _local;
    private readonly IReadOnlyList<bool> _forced;
    private readonly PacketState _packet;
    private readonly List<TraceStep> _steps = new();
    private readonly List<bool> _decisions = new();
    private readonly HashSet<string> _notes;

    public TraceRun(Policy projected, PacketSpec packet, TraceOptions options, LocalAddressSet local, IReadOnlyList<bool> forced, HashSet<string> notes)
    {
        _policy = projected;
        _local = local;
        _forced = forced;
        _notes = notes;
        _packet = new PacketState(packet);
        _packet.Sets = projected.Sets;
        foreach (string list in options.RecentLists)
        {
            _packet.RecentLists.Add(list);
        }
    }

    /// <summary>The branch decisions this run made, in order: true where the random match matched.</summary>
    public IReadOnlyList<bool> Decisions => _decisions;

    public double Probability { get; private set; } = 1.0;

    public TracePath Run()
    {
        var (verdict, delivery) = _packet.Spec.FromLocal ? LocalOrigin() : Received();
        var outcome = new TraceOutcome(Probability, verdict, delivery, _packet.Source, _packet.SourcePort, _packet.Destination, _packet.DestinationPort)
        {
            MasqueradeInterface = _packet.MasqueradeInterface,
            DestinationPortRange = _packet.DestinationPortRange,
            Mark = _packet.Mark,
        };
        return new TracePath(Probability, _steps.ToArray(), outcome);
    }

    private (TraceVerdict, TraceDelivery) Received()
    {
        var spec = _packet.Spec;
        _packet.InInterface = spec.InInterface ?? "";
        if (Hook(Model.Netfilter.Hook.Prerouting, PreroutingTables) is { } early)
        {
            return (early, TraceDelivery.None);
        }
        if (RoutesLocally())
        {
            Note(null, "routing", $"{Describe(_packet.Destination)} is local: INPUT");
            return (Hook(Model.Netfilter.Hook.Input, InputTables) ?? TraceVerdict.Accepted, TraceDelivery.Local);
        }
        if (BroadcastOrMulticastDelivery() is { } reason)
        {
            Note(null, "routing", reason);
            return (Hook(Model.Netfilter.Hook.Input, InputTables) ?? TraceVerdict.Accepted, TraceDelivery.Local);
        }
        _packet.OutInterface = spec.OutInterface ?? "";
        Note(null, "routing", $"{Describe(_packet.Destination)} is not local: FORWARD" + (spec.OutInterface is null ? " (oif not given: -o sees no interface)" : $" out of {spec.OutInterface}"));
        if (spec.OutInterface is null)
        {
            _notes.Add("oif was not given, so -o matches in FORWARD and POSTROUTING saw no output interface; give oif NAME for a forwarded packet");
        }
        if (Hook(Model.Netfilter.Hook.Forward, ForwardTables) is { } forwarded)
        {
            return (forwarded, TraceDelivery.Forwarded);
        }
        return (Hook(Model.Netfilter.Hook.Postrouting, PostroutingTables) ?? TraceVerdict.Accepted, TraceDelivery.Forwarded);
    }

    private (TraceVerdict, TraceDelivery) LocalOrigin()
    {
        var spec = _packet.Spec;
        bool wasLocal = _local.Contains(_packet.Destination);
        _packet.OutInterface = spec.OutInterface ?? (wasLocal ? "lo" : "");
        Note(null, "routing", $"sent by this host to {Describe(_packet.Destination)}" + (_packet.OutInterface.Length > 0 ? $" out of {_packet.OutInterface}" : ""));
        if (Hook(Model.Netfilter.Hook.Output, OutputTables) is { } output)
        {
            return (output, TraceDelivery.Sent);
        }
        bool local = RoutesLocally();
        if (local != wasLocal && spec.OutInterface is null)
        {
            // NAT or a mark in OUTPUT changed where the packet goes: the kernel routes it again.
            _packet.OutInterface = local ? "lo" : "";
            Note(null, "routing", $"rerouted to {Describe(_packet.Destination)}" + (local ? " out of lo" : ""));
        }
        if (Hook(Model.Netfilter.Hook.Postrouting, PostroutingTables) is { } post)
        {
            return (post, TraceDelivery.Sent);
        }
        if (!local)
        {
            return (TraceVerdict.Accepted, TraceDelivery.Sent);
        }
        // Addressed to this host: out through lo and in again, with its connection already tracked and NATed.
        _packet.InInterface = "lo";
        _packet.OutInterface = "";
        Note(null, "routing", "back in on lo, to this host");
        if (Hook(Model.Netfilter.Hook.Prerouting, PreroutingTables) is { } again)
        {
            return (again, TraceDelivery.Local);
        }
        return (Hook(Model.Netfilter.Hook.Input, InputTables) ?? TraceVerdict.Accepted, TraceDelivery.Local);
    }

    private static TableKind?[] Tables(Hook hook) => NetfilterFacts.TablesAt(hook).Select(t => (TableKind?)t).ToArray();

    /// <summary>The hook's tables with conntrack (null) among them at its priority.</summary>
    private static TableKind?[] WithConntrack(Hook hook)
    {
        var tables = NetfilterFacts.TablesAt(hook);
        int before = tables.TakeWhile(t => NetfilterFacts.Priority(t, hook) < NetfilterFacts.ConntrackPriority).Count();
        return tables.Take(before).Select(t => (TableKind?)t).Append(null).Concat(tables.Skip(before).Select(t => (TableKind?)t)).ToArray();
    }

    private bool RoutesLocally() => _packet.Redirected || _local.Contains(_packet.Destination);

    /// <summary>
    /// A received broadcast or multicast packet is delivered, not forwarded: the kernel's input route for a
    /// broadcast route of the local table is local, and for a multicast group the host has joined too (one it has
    /// not joined it drops at routing, before INPUT; the trace takes the group as joined and says so).
    /// </summary>
    private string? BroadcastOrMulticastDelivery()
    {
        if (_local.IsBroadcast(_packet.Destination))
        {
            return $"{Describe(_packet.Destination)} is a broadcast address of this host: INPUT";
        }
        if (LocalAddressSet.IsMulticast(_packet.Destination))
        {
            _notes.Add("a multicast packet was taken as for a group this host has joined; the kernel drops one for a group it has not joined at routing, before INPUT");
            return $"{Describe(_packet.Destination)} is multicast: INPUT";
        }
        return null;
    }

    /// <returns>The final verdict when the packet ends at this hook; null when it goes on.</returns>
    private TraceVerdict? Hook(Hook hook, TableKind?[] tables)
    {
        foreach (var kind in tables)
        {
            if (kind is not { } table)
            {
                Conntrack(hook);
                continue;
            }
            var chain = _policy.FindTable(table)?.FindChain(NetfilterFacts.ChainName(hook));
            if (chain is null || !chain.IsBuiltin)
            {
                continue;
            }
            if (table == TableKind.Nat && !NatConsulted(hook, chain))
            {
                continue;
            }
            var verdict = Chain(hook, table, chain);
            if (verdict != TraceVerdict.Accepted)
            {
                return verdict;
            }
        }
        return null;
    }

    private void Conntrack(Hook hook)
    {
        if (_packet.Conntrack is not null)
        {
            return;
        }
        var spec = _packet.Spec;
        _packet.Conntrack = _packet.NotrackRequested ? ConntrackStates.Untracked : spec.State;
        string state = StateText(_packet.Conntrack.Value);
        Note(hook, "conntrack", _packet.NotrackRequested ? "state UNTRACKED (CT --notrack in raw)" : $"state {state}");
    }

    /// <summary>
    /// The nat table sees only a connection's first packet: once per direction of NAT (destination in
    /// PREROUTING/OUTPUT, source in INPUT/POSTROUTING), and never an untracked or invalid one.
    /// </summary>
    private bool NatConsulted(Hook hook, Chain chain)
    {
        bool destination = hook is Model.Netfilter.Hook.Prerouting or Model.Netfilter.Hook.Output;
        bool done = destination ? _packet.DestinationNatDone : _packet.SourceNatDone;
        var state = _packet.StateBits;
        if (done)
        {
            Note(hook, "nat " + chain.Name, "not consulted: NAT for this connection was set up before (in " + (destination ? "OUTPUT" : "POSTROUTING") + ")");
            return false;
        }
        if ((state & ConntrackStates.New) == 0)
        {
            string why = (state & (ConntrackStates.Untracked | ConntrackStates.Invalid)) != 0
                ? $"a {StateText(state)} packet has no connection to NAT"
                : $"only the first packet of a connection (NEW) goes through the nat table; this one is {StateText(state)}, and conntrack applies whatever NAT its first packet got";
            Note(hook, "nat " + chain.Name, "not consulted: " + why);
            _notes.Add("the nat table was not consulted: " + why);
            return false;
        }
        if (destination)
        {
            _packet.DestinationNatDone = true;
        }
        else
        {
            _packet.SourceNatDone = true;
        }
        return true;
    }

    /// <summary>Runs a built-in chain with its jumps, as ipt_do_table does with its jump stack.</summary>
    private TraceVerdict Chain(Hook hook, TableKind table, Chain builtin)
    {
        var stack = new Stack<(Chain Chain, int Next, int Depth)>();
        var current = builtin;
        int index = 0;
        int depth = 0;
        while (true)
        {
            if (index >= current.Rules.Count)
            {
                if (current.IsBuiltin || stack.Count == 0)
                {
                    return Policy(hook, table, builtin, current.IsBuiltin ? "end of chain" : $"end of {current.Name}, reached by goto");
                }
                Step(TraceStepKind.Return, hook, table, current.Name, 0, current.Location, "end of chain: return", depth);
                (current, index, depth) = stack.Pop();
                continue;
            }
            var rule = current.Rules[index];
            int number = index + 1;
            index++;
            if (!Matches(rule, out double? branch))
            {
                if (branch is { } missed)
                {
                    Step(TraceStepKind.BranchNotTaken, hook, table, current.Name, number, rule.Location, BranchText(rule) + " not taken", depth, rule, missed);
                }
                continue;
            }
            var target = rule.Target;
            switch (target)
            {
                case JumpTarget jump:
                    var next = _policy.FindTable(table)?.FindChain(jump.Chain);
                    Step(TraceStepKind.Rule, hook, table, current.Name, number, rule.Location, (jump.IsGoto ? "-g " : "-j ") + jump.Chain, depth, rule, branch);
                    if (next is null || next.IsBuiltin)
                    {
                        Note(hook, table.ToString(), _policy.Ownership.OwnsChains && _policy.Ownership.IsExternal(jump.Chain)
                            ? $"{jump.Chain} is another owner's chain (declared external): its rules are unknown here, so the trace goes on as if it returned (docs/ownership.md)"
                            : $"no user chain {jump.Chain} in {NetfilterFacts.TableName(table)}: the rule is skipped (the checker reports it)");
                        continue;
                    }
                    if (!jump.IsGoto)
                    {
                        stack.Push((current, index, depth));
                        depth++;
                    }
                    current = next;
                    index = 0;
                    continue;
                case VerdictTarget { Verdict: VerdictKind.Return }:
                    Step(TraceStepKind.Rule, hook, table, current.Name, number, rule.Location, "RETURN", depth, rule, branch);
                    if (current.IsBuiltin || stack.Count == 0)
                    {
                        return Policy(hook, table, builtin, "RETURN from the built-in chain");
                    }
                    (current, index, depth) = stack.Pop();
                    continue;
                case VerdictTarget v:
                    Step(TraceStepKind.Rule, hook, table, current.Name, number, rule.Location, v.Name, depth, rule, branch);
                    return v.Verdict == VerdictKind.Accept ? TraceVerdict.Accepted : TraceVerdict.Dropped;
                case RejectTarget reject:
                    Step(TraceStepKind.Rule, hook, table, current.Name, number, rule.Location, "REJECT --reject-with " + RejectName(reject.With), depth, rule, branch);
                    return TraceVerdict.Rejected;
                default:
                    string action = Apply(hook, target, out bool terminal);
                    Step(TraceStepKind.Rule, hook, table, current.Name, number, rule.Location, action, depth, rule, branch);
                    if (terminal)
                    {
                        return TraceVerdict.Accepted;
                    }
                    continue;
            }
        }
    }

    private TraceVerdict Policy(Hook hook, TableKind table, Chain builtin, string why)
    {
        var policy = builtin.Policy ?? Verdict.Accept;
        Step(TraceStepKind.Policy, hook, table, builtin.Name, 0, builtin.Location, $"{(policy == Verdict.Accept ? "ACCEPT" : "DROP")} ({why})", 0);
        return policy == Verdict.Accept ? TraceVerdict.Accepted : TraceVerdict.Dropped;
    }

    private static string? UnderLimitAssumption(Match match) => match switch
    {
        HashLimitMatch h => $"-m hashlimit --hashlimit-name {h.Name} is assumed under its rate (--hashlimit-upto matches, --hashlimit-above does not)",
        ConnectionLimitMatch c => $"-m connlimit {c.Count} is assumed not reached (--connlimit-upto matches, --connlimit-above does not)",
        _ => null,
    };

    /// <summary>
    /// A matched -m recent changes its list as the kernel does: --set adds the address, --remove takes it out. The
    /// trace keeps membership, not timestamps or TTLs, so what it cannot know is said.
    /// </summary>
    private void FollowRecent(RecentMatch recent)
    {
        var lists = _packet.RecentListsOf(recent.Side);
        if (recent.Command == RecentCommand.Set)
        {
            lists.Add(recent.Name);
        }
        else if (recent.Command == RecentCommand.Remove)
        {
            lists.Remove(recent.Name);
        }
        if (recent.HitCount is { } hitCount)
        {
            _notes.Add($"-m recent --hitcount {hitCount} is assumed met (the trace does not count an address's earlier packets)");
        }
        if (recent.Seconds is { } seconds)
        {
            _notes.Add($"-m recent --seconds {seconds} is assumed met (the trace takes the list's entry as recent)");
        }
        if (recent.Ttl)
        {
            _notes.Add("-m recent --rttl is assumed met (the trace takes the packet's TTL as the one the list holds)");
        }
    }

    /// <summary>
    /// The plain matches first, then the random ones: a random match decides only for packets the rest of the rule
    /// matches, so testing it last leaves out branches that lead nowhere.
    /// </summary>
    private bool Matches(Rule rule, out double? branch)
    {
        branch = null;
        foreach (var match in rule.Matches)
        {
            if (UnderLimitAssumption(match) is { } assumption)
            {
                // Said whether it matches or not: an above that does not match is as much an assumption.
                _notes.Add(assumption);
            }
            // An external set decides by assumption, so say so wherever its test is reached, matched or not.
            if (match is SetMatch tested && SetMembership.Assumption(tested, _packet) is { } setAssumption)
            {
                _notes.Add(setAssumption);
            }
            if (MatchTests.IsBranch(match) is null && !MatchTests.Test(match, _packet, _local))
            {
                return false;
            }
        }
        double taken = 1.0;
        foreach (var match in rule.Matches)
        {
            if (MatchTests.IsBranch(match) is not { } p)
            {
                continue;
            }
            if (!Decide(p))
            {
                branch = taken * (1 - p);
                return false;
            }
            taken *= p;
        }
        foreach (var match in rule.Matches)
        {
            if (match is LimitMatch)
            {
                _notes.Add("-m limit is assumed under its limit (it matched)");
            }
            if (match is ConntrackAddressMatch or ConntrackPortMatch)
            {
                _notes.Add("-m conntrack's tuples are taken as those of a connection this packet opened (the trace follows the original direction)");
            }
            if (match is PhysdevMatch)
            {
                _notes.Add("-m physdev takes the packet as routed, not bridged: it has no bridge ports, so only a physdev test whose every option is negated matches");
            }
            if (match is OwnerMatch)
            {
                _notes.Add(_packet.Spec.FromLocal
                    ? $"-m owner takes the packet as sent from a socket of uid {_packet.Spec.Uid} and gid {_packet.Spec.Gid} (say uid N, gid N to change them)"
                    : "-m owner sees no socket: the packet was not sent by this host");
            }
            if (match is ConntrackStatusMatch or ConntrackExpireMatch)
            {
                _notes.Add("-m conntrack --ctstatus and --ctexpire are assumed to match a packet with a connection: the trace does not model a connection's status bits or timeout");
            }
            if (match is PacketTypeMatch)
            {
                _notes.Add($"-m pkttype takes the packet as {_packet.Spec.PacketType.ToString().ToLowerInvariant()} from its destination address");
            }
            if (match is RecentMatch recent)
            {
                FollowRecent(recent);
            }
        }
        if (taken < 1.0)
        {
            branch = taken;
        }
        return true;
    }

    private bool Decide(double p)
    {
        if (p >= 1.0)
        {
            return true;
        }
        if (p <= 0.0)
        {
            return false;
        }
        int index = _decisions.Count;
        bool taken = index >= _forced.Count || _forced[index];
        _decisions.Add(taken);
        Probability *= taken ? p : 1 - p;
        return taken;
    }

    /// <summary>Runs a target that does not end the chain by itself as a verdict does, and says what it did.</summary>
    private string Apply(Hook hook, Target target, out bool terminal)
    {
        terminal = target.IsTerminal;
        var p = _packet;
        switch (target)
        {
            case DnatTarget dnat:
                string before = Endpoints.Format(p.Destination, Port(p.DestinationPort));
                SetDestination(dnat.Host, dnat.Ports);
                return $"DNAT {before} -> {Endpoints.Format(p.Destination, p.DestinationPortRange ?? Port(p.DestinationPort))}";
            case RedirectTarget redirect:
                string was = Endpoints.Format(p.Destination, Port(p.DestinationPort));
                p.Redirected = true;
                if (!_local.Contains(p.Destination))
                {
                    // The kernel takes the input interface's first address (127.0.0.1 in OUTPUT); the trace knows
                    // only that it is this host.
                    p.Destination = hook == Model.Netfilter.Hook.Output
                        ? (MatchTests.IsIPv6(p.Destination) ? IPAddress.IPv6Loopback : IPAddress.Loopback)
                        : p.Destination;
                }
                SetPorts(redirect.Ports);
                MarkDnat(true);
                return $"REDIRECT {was} -> this host, port {p.DestinationPortRange ?? Port(p.DestinationPort)}";
            case SnatTarget snat:
                string from = Endpoints.Format(p.Source, Port(p.SourcePort));
                if (snat.Host is { } host)
                {
                    p.Source = new IPAddress(host.GetAddressBytes());
                }
                if (snat.Ports is { } sports && p.Spec.HasPorts)
                {
                    p.SourcePort = sports.Low;
                }
                return $"SNAT {from} -> {Endpoints.Format(p.Source, snat.Ports is { } r && p.Spec.HasPorts ? r.ToNatString() : Port(p.SourcePort))}";
            case MasqueradeTarget:
                p.MasqueradeInterface = p.OutInterface.Length > 0 ? p.OutInterface : "the output interface";
                return $"MASQUERADE {p.Source} -> the address of {p.MasqueradeInterface}";
            case MarkTarget mark:
                uint old = p.Mark;
                p.Mark = (p.Mark & ~mark.Mask) ^ mark.Value;
                return $"MARK --set-xmark {Hex(mark.Value)}/{Hex(mark.Mask)}: mark {Hex(old)} -> {Hex(p.Mark)}";
            case ConnmarkTarget connmark:
                return Connmark(connmark);
            case NotrackTarget:
                if (p.Conntrack is null && p.CtTemplate is null)
                {
                    p.NotrackRequested = true;
                    return "CT --notrack: conntrack will not track it";
                }
                return "CT --notrack: no effect, the packet's connection is already known";
            case CtTarget ct:
                return CtTemplate(ct);
            case DscpTarget dscp:
                return $"DSCP --set-dscp {Hex((uint)dscp.Value)}";
            case TcpMssTarget mss:
                // The packet model has no TCP options, so the trace records the rewrite and goes on.
                return "TCPMSS " + (mss.Mss is { } value ? "--set-mss " + value.ToString(CultureInfo.InvariantCulture) : "--clamp-mss-to-pmtu") + ": the SYN's MSS option is rewritten, goes on";
            case LogTarget log:
                return "LOG" + (log.Prefix is { } prefix ? $" --log-prefix \"{prefix}\"" : "") + ", goes on";
            case NoTarget:
                return "no target: counted, goes on";
            default:
                terminal = false;
                return target.Name + " (not simulated: goes on)";
        }
    }

    /// <summary>
    /// CT --helper / --zone: the kernel keeps the first template a packet is given in raw and ignores later CT
    /// targets (CT --notrack included); once conntrack has seen the packet, a CT target changes nothing.
    /// </summary>
    private string CtTemplate(CtTarget ct)
    {
        var p = _packet;
        string text = "CT" + (ct.Helper is { } h ? " --helper " + h : "") + (ct.Zone is { } z ? $" --zone {z}" : "");
        if (p.Conntrack is not null)
        {
            return text + ": no effect, the packet's connection is already known";
        }
        if (p.NotrackRequested || p.CtTemplate is not null)
        {
            return text + ": no effect, an earlier CT target already chose this packet's template";
        }
        p.CtTemplate = ct;
        return text + ": a new connection gets this template" + (ct.Helper is null ? "" : "; the helper's expected connections are not simulated");
    }

    private void SetDestination(IpNetwork? host, PortSpan? ports)
    {
        var p = _packet;
        var before = (p.Destination, p.DestinationPort);
        if (host is { } h)
        {
            p.Destination = new IPAddress(h.GetAddressBytes());
        }
        SetPorts(ports);
        MarkDnat(!before.Destination.Equals(p.Destination) || before.DestinationPort != p.DestinationPort || p.DestinationPortRange is not null);
    }

    private void SetPorts(PortSpan? ports)
    {
        if (ports is not { } span || !_packet.Spec.HasPorts)
        {
            return;
        }
        if (span.IsSingle)
        {
            _packet.DestinationPort = span.Low;
            _packet.DestinationPortRange = null;
        }
        else
        {
            // The kernel picks a free port in the range; which one depends on the connections it already has.
            _packet.DestinationPort = span.Low;
            _packet.DestinationPortRange = span.ToNatString();
        }
    }

    /// <summary>A DNAT that changes the tuple sets IPS_DST_NAT, which --ctstate DNAT tests from then on.</summary>
    private void MarkDnat(bool changed)
    {
        if (changed && _packet.Conntrack is { } state)
        {
            _packet.Conntrack = state | ConntrackStates.Dnat;
        }
    }

    private string Connmark(ConnmarkTarget connmark)
    {
        var p = _packet;
        switch (connmark.Mode)
        {
            case ConnmarkMode.Set:
                p.ConnectionMark = (p.ConnectionMark & ~connmark.Mask) ^ connmark.Value;
                return $"CONNMARK --set-xmark {Hex(connmark.Value)}/{Hex(connmark.Mask)}: connection mark {Hex(p.ConnectionMark)}";
            case ConnmarkMode.Save:
                p.ConnectionMark = (p.ConnectionMark & ~connmark.Mask) ^ (p.Mark & connmark.Mask);
                return $"CONNMARK --save-mark: connection mark {Hex(p.ConnectionMark)}";
            default:
                p.Mark = (p.Mark & ~connmark.Mask) ^ (p.ConnectionMark & connmark.Mask);
                return $"CONNMARK --restore-mark: mark {Hex(p.Mark)}";
        }
    }

    private static string BranchText(Rule rule)
    {
        var parts = new List<string>();
        foreach (var match in rule.Matches)
        {
            switch (match)
            {
                case RandomMatch r:
                    parts.Add("statistic random " + KernelProbability.Of(r.Probability).ToString("0.00000000000", CultureInfo.InvariantCulture));
                    break;
                case NthMatch n:
                    parts.Add($"statistic nth every {n.Every} packet {n.Packet}");
                    break;
            }
        }
        return string.Join(", ", parts) + (rule.Target is JumpTarget j ? $" (-j {j.Chain})" : $" ({rule.Target.Name})");
    }

    private void Step(TraceStepKind kind, Hook? hook, TableKind? table, string chain, int number, SourceLocation location, string action, int depth, Rule? rule = null, double? branch = null)
    {
        string? comment = rule?.Matches.OfType<CommentMatch>().FirstOrDefault()?.Text;
        _steps.Add(new TraceStep(kind, hook, table, chain, number, location, action, depth) { Branch = branch, Comment = comment });
    }

    private void Note(Hook? hook, string where, string text) =>
        _steps.Add(new TraceStep(TraceStepKind.Note, hook, null, where, 0, SourceLocation.None, text, 0));

    private static string Describe(IPAddress address) => address.ToString();

    private static string? Port(int? port) => port?.ToString(CultureInfo.InvariantCulture);

    private static string Hex(uint value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static string StateText(ConntrackStates state)
    {
        var names = new List<string>();
        foreach (var (flag, name) in new[]
        {
            (ConntrackStates.New, "NEW"), (ConntrackStates.Established, "ESTABLISHED"), (ConntrackStates.Related, "RELATED"),
            (ConntrackStates.Invalid, "INVALID"), (ConntrackStates.Untracked, "UNTRACKED"), (ConntrackStates.Dnat, "DNAT"), (ConntrackStates.Snat, "SNAT"),
        })
        {
            if ((state & flag) != 0)
            {
                names.Add(name);
            }
        }
        return string.Join(",", names);
    }

    private static string RejectName(RejectWith with) => with switch
    {
        RejectWith.TcpReset => "tcp-reset",
        RejectWith.HostUnreachable => "host-unreachable",
        RejectWith.NetUnreachable => "net-unreachable",
        RejectWith.AdminProhibited => "admin-prohibited",
        RejectWith.ProtoUnreachable => "proto-unreachable",
        RejectWith.NetProhibited => "net-prohibited",
        RejectWith.HostProhibited => "host-prohibited",
        RejectWith.PolicyFail => "policy-fail",
        RejectWith.RejectRoute => "reject-route",
        _ => "port-unreachable",
    };
}
