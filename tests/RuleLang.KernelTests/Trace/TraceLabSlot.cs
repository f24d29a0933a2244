using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Properties;
using RuleLang.KernelTests.Scenarios;

namespace RuleLang.KernelTests.Trace;

/// <summary>
/// One copy of <see cref="TraceLab"/> in the kernel: a client and a firewall namespace with every listener started
/// once; policies are loaded one after another (<see cref="KernelSlot"/> flushes the ruleset first, and conntrack
/// is flushed too, so no entry of an earlier policy decides a later probe).
/// </summary>
internal sealed class TraceLabSlot : IDisposable
{
    private static readonly TimeSpan Wait = Flow.DropWait;
    private readonly List<TrafficServer> _servers = new();
    private readonly KernelSlot _firewallSlot;

    public TraceLabSlot(NetNamespace firewall, NetNamespace client)
    {
        Firewall = firewall;
        Client = client;
        Topology.ConnectNamed(firewall, TraceLab.FirewallInterface, new[] { $"{TraceLab.Primary}/{TraceLab.Prefix}" },
            client, "cl0", TraceLab.Clients.Select(c => $"{c}/{TraceLab.Prefix}"));
        Topology.AddDummy(firewall, TraceLab.Alt + "/32");
        Topology.AddRoute(client, TraceLab.Alt + "/32", TraceLab.Primary);
        // REJECT and closed UDP ports answer with ICMP, which the kernel rate-limits per peer (a burst of 6, then
        // one a second): many probes would then read as drops.
        firewall.Exec("sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000").EnsureSuccess("icmp rate limits");
        foreach (Listener l in TraceLab.Listeners())
        {
            _servers.Add(l.Protocol == "tcp"
                ? Traffic.StartTcpServer(firewall, l.Bound!, l.Port, l.Reply)
                : Traffic.StartUdpServer(firewall, l.Bound!, l.Port, l.Reply));
        }
        _firewallSlot = new KernelSlot(firewall);
    }

    public NetNamespace Firewall { get; }

    public NetNamespace Client { get; }

    /// <summary>Loads the iptables ruleset; the tool's output when it refused it, else null.</summary>
    public string? Load(string iptables)
    {
        LoadOutcome o = _firewallSlot.Load(new[] { new RulesetLoad(RulesetTool.IptablesRestore, iptables) })[0];
        Firewall.Exec("conntrack -F >/dev/null 2>&1; true");
        return o.Accepted ? null : o.Output;
    }

    /// <summary>Sends every probe at once (a dropped one costs a wait) from its client address; outcomes in <see cref="FlowResult.Outcome"/>'s form, in order.</summary>
    public string[] Probe(IReadOnlyList<Flow> probes)
    {
        var script = new StringBuilder("d=$(mktemp -d)\n");
        string seconds = Shell.Seconds(Wait);
        string guard = $"timeout -k 1 {Shell.Seconds(Wait + TimeSpan.FromSeconds(2))}";
        for (int i = 0; i < probes.Count; i++)
        {
            Flow f = probes[i];
            string source = TraceLab.World.Host(f.Client).Addresses[0];
            string n = i.ToString(CultureInfo.InvariantCulture);
            string port = f.Port.ToString(CultureInfo.InvariantCulture);
            string attempt = f.Kind == FlowKind.Tcp
                ? $"out=$({guard} socat -T{seconds} -u {Shell.Quote($"TCP4:{f.Address}:{port},bind={source},connect-timeout={seconds}")} STDOUT 2>&1); rc=$?"
                // One datagram has no retransmission: a lost one is sent again once before it counts as dropped.
                : $"for a in 1 2; do out=$(printf 'ping\\n' | {guard} socat -t{seconds} -T{seconds} - {Shell.Quote($"UDP4:{f.Address}:{port},bind={source},null-eof")} 2>&1); rc=$?; "
                  + "if [ $rc -ne 0 ] || [ -n \"$out\" ]; then break; fi; done";
            script.Append(CultureInfo.InvariantCulture, $"( {attempt}; printf '%s\\n%s' \"$rc\" \"$out\" > \"$d/{n}\" ) &\n");
        }
        script.Append("wait\n");
        for (int i = 0; i < probes.Count; i++)
        {
            script.Append(CultureInfo.InvariantCulture, $"cat \"$d/{i}\"; printf '\\n@@rl-end@@\\n'\n");
        }
        script.Append("rm -rf \"$d\"\n");
        ExecResult r = Client.Exec(script.ToString(), TimeSpan.FromSeconds(30));
        if (r.TimedOut || !r.Success)
        {
            throw new InvalidOperationException($"probing from {Client.Name} failed: {r.Describe()}");
        }
        string[] parts = r.StdOut.Split("\n@@rl-end@@\n");
        if (parts.Length != probes.Count + 1)
        {
            throw new InvalidOperationException($"expected {probes.Count} probe results: {r.Describe()}");
        }
        return probes.Select((f, i) => Classify(parts[i], f.Kind == FlowKind.Udp)).ToArray();
    }

    private static string Classify(string text, bool udp)
    {
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        string head = newline < 0 ? text : text.Substring(0, newline);
        string body = newline < 0 ? "" : text.Substring(newline + 1).TrimEnd('\n', '\r');
        int rc = int.Parse(head.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
        ConnectOutcome outcome = rc != 0 ? ConnectOutcome.FromFailure(rc, body)
            : udp && body.Length == 0 ? ConnectOutcome.TimedOut("no UDP reply")
            : ConnectOutcome.Connected(body);
        return FlowResult.Of(outcome).Outcome;
    }

    public void Dispose()
    {
        foreach (TrafficServer s in _servers)
        {
            s.Dispose();
        }
        _firewallSlot.Dispose();
    }
}
