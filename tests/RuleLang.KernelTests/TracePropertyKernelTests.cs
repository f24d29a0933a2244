using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using NUnit.Framework;
using RuleLang.Analysis.Trace;
using RuleLang.Checker;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Properties;
using RuleLang.KernelTests.Scenarios;
using RuleLang.KernelTests.Trace;
using RuleLang.Model;

namespace RuleLang.KernelTests;

/// <summary>
/// rulelang trace against the kernel on random policies (<see cref="TracePolicyGen"/>): each policy is compiled to
/// iptables and loaded into the firewall of a <see cref="TraceLab"/>; its probes (TCP and UDP from the clients'
/// addresses) are traced and sent for real, all at once, and the client's outcome the trace predicts
/// (<see cref="TracePrediction"/>: Connected with the reply of the listener the packet lands on after any
/// REDIRECT or DNAT, Refused, TimedOut) must be the kernel's on every probe. A probe that disagrees is sent again
/// once (a loaded machine can lose a datagram) and fails the test if it still disagrees.
/// Cases come from the property seed (<see cref="PropertySeed"/>: 20251125, RULELANG_SEED overrides it) and run on
/// <see cref="Workers"/> labs within <see cref="Budget"/>; fewer than <see cref="MinPolicies"/> is a failure.
/// </summary>
[TestFixture]
public sealed class TracePropertyKernelTests : KernelTestBase
{
    private const int Workers = 3;
    private const int MinPolicies = 12;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    [Test]
    public void Random_policy_probes_end_as_the_trace_predicts()
    {
        var clock = Stopwatch.StartNew();
        TraceLabSlot[] labs = Scenario.Concurrently(Enumerable.Range(0, Workers)
            .Select(_ => (Func<TraceLabSlot>)(() => new TraceLabSlot(CreateNamespace("tfw"), CreateNamespace("tcl")))).ToArray());
        TimeSpan setup = clock.Elapsed;
        try
        {
            var gen = new TracePolicyGen();
            var tally = new Tally();
            int next = -1;
            int stop = 0;
            Scenario.Concurrently(labs.Select(lab => (Func<int>)(() =>
            {
                while (Volatile.Read(ref stop) == 0 && clock.Elapsed - setup < Budget)
                {
                    int i = Interlocked.Increment(ref next);
                    PropertyCase<TraceCase> c = PropertyRunner<TraceCase>.CaseAt(gen, PropertySeed.Value, i);
                    if (Check(c, lab, tally) is { } failure)
                    {
                        tally.Fail(i, failure);
                        Volatile.Write(ref stop, 1);
                    }
                }
                return 0;
            })).ToArray());

            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{PropertySeed.Describe()}; {Workers} labs set up in {setup.TotalSeconds:0.0} s, cases run for {(clock.Elapsed - setup).TotalSeconds:0.0} s"));
            TestContext.Out.WriteLine(tally.ToString());
            Assert.That(tally.Failures, Is.Empty, () => tally.Failures.OrderBy(f => f.Index).First().Text);
            Assert.That(tally.Policies, Is.GreaterThanOrEqualTo(MinPolicies), $"only {tally.Policies} policies in {Budget.TotalSeconds} s");
        }
        finally
        {
            foreach (TraceLabSlot lab in labs)
            {
                lab.Dispose();
            }
        }
    }

    private static string? Check(PropertyCase<TraceCase> c, TraceLabSlot lab, Tally tally)
    {
        Policy policy = c.Value.Policy;
        string Case(string what) => $"case {c.Index} (CsCheck seed \"{c.Seed}\", {PropertySeed.Describe()}): {what}\npolicy:\n{ModelPrinter.Print(policy)}";
        var errors = PolicyChecker.Check(policy).Where(d => d.IsError).ToArray();
        if (errors.Length > 0)
        {
            return Case("the generator made a policy the checker refuses:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        }
        CompilationResult compiled = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables });
        if (!compiled.Succeeded)
        {
            return Case("compile error:\n" + string.Join("\n", compiled.Diagnostics.Where(d => d.IsError)));
        }
        string iptables = compiled.Rulesets.Single().Text;
        if (lab.Load(iptables) is { } refused)
        {
            return Case($"iptables-restore refused the ruleset: {refused}\n{iptables}");
        }

        Flow[] probes = c.Value.Probes;
        var traces = new string[probes.Length];
        string[] predicted = probes.Select((f, i) => Predict(policy, f, out traces[i])).ToArray();
        string[] kernel = lab.Probe(probes);
        int[] differing = Enumerable.Range(0, probes.Length).Where(i => kernel[i] != predicted[i]).ToArray();
        if (differing.Length > 0)
        {
            string[] again = lab.Probe(differing.Select(i => probes[i]).ToArray());
            for (int k = 0; k < differing.Length; k++)
            {
                kernel[differing[k]] = again[k];
            }
            tally.Reprobed(differing.Length);
        }

        var disagreements = new List<string>();
        for (int i = 0; i < probes.Length; i++)
        {
            tally.Probe(Category(policy, probes[i]), kernel[i] == predicted[i]);
            if (kernel[i] != predicted[i])
            {
                disagreements.Add($"probe {probes[i].Name}: trace {predicted[i]}, kernel {kernel[i]}\n{traces[i]}");
            }
        }
        tally.Policy();
        return disagreements.Count == 0 ? null : Case($"{disagreements.Count} of {probes.Length} probes disagree\n{string.Join("\n\n", disagreements)}\niptables:\n{iptables}");
    }

    /// <summary>
    /// <see cref="TracePrediction"/>'s outcome, with the client's second packet of a TCP connection traced too:
    /// TracePrediction traces the first packet and the reply, which suffices where established traffic is
    /// accepted first (as in the examples), but a random policy may accept the SYN and drop or reject the
    /// handshake's ACK (state ESTABLISHED, already NATed, so at the NATed address). Dropped: the client has its
    /// connection, the server never accepts it, nothing arrives (Connected with an empty reply). Rejected: a TCP
    /// reset resets the client's read; an ICMP error is only a soft error on an established socket, but the
    /// client (socat, non-blocking connect) reads SO_ERROR once connected, which returns the soft error, and the
    /// ICMP is back before it does (it is made while the kernel sends the ACK): Refused either way.
    /// </summary>
    private static string Predict(Policy policy, Flow probe, out string trace)
    {
        string expected = TracePrediction.Predict(policy, TraceLab.World, probe, out trace)
            ?? throw new InvalidOperationException($"{probe.Name} does not reach the firewall");
        if (probe.Kind != FlowKind.Tcp || !expected.StartsWith("Connected(", StringComparison.Ordinal))
        {
            return expected;
        }
        TraceOutcome request = Trace(policy, probe.Client, "tcp", probe.Address, probe.Port, "").Outcomes.Single(o => o.Probability > 0);
        TraceResult second = Trace(policy, probe.Client, "tcp", request.Destination.ToString(), request.DestinationPort ?? probe.Port, " state established");
        trace += "\nthe client's next packet (the handshake's ACK):\n" + TraceTextWriter.Write(second);
        TraceOutcome end = second.Outcomes.Single(o => o.Probability > 0);
        return end.Verdict switch
        {
            TraceVerdict.Accepted => expected,
            TraceVerdict.Rejected => "Refused",
            _ => "Connected()",
        };
    }

    private static TraceResult Trace(Policy policy, string client, string protocol, string destination, int port, string state)
    {
        string source = TraceLab.World.Host(client).Addresses[0];
        string text = $"{protocol} {source}:40000 -> {destination}:{port.ToString(CultureInfo.InvariantCulture)} iif {TraceLab.FirewallInterface}{state}";
        PacketSpec packet = PacketParser.Parse(text).Packet ?? throw new InvalidOperationException("unparsable probe: " + text);
        return PacketTracer.Trace(policy, packet, new RuleLang.Analysis.Trace.TraceOptions { LocalAddresses = TraceLab.World.LocalAddresses.ToArray() });
    }

    /// <summary>How the trace says the request ends: accepted, dropped, rejected, or redirected (accepted after a REDIRECT or DNAT).</summary>
    private static string Category(Policy policy, Flow probe)
    {
        string protocol = probe.Kind == FlowKind.Udp ? "udp" : "tcp";
        TraceOutcome outcome = Trace(policy, probe.Client, protocol, probe.Address, probe.Port, "").Outcomes.First(o => o.Probability > 0);
        return outcome.Verdict switch
        {
            TraceVerdict.Dropped => "dropped",
            TraceVerdict.Rejected => "rejected",
            _ when outcome.Destination.ToString() != probe.Address || outcome.DestinationPort != probe.Port => "redirected",
            _ => "accepted",
        };
    }

    /// <summary>The counts the test reports, shared by the workers.</summary>
    private sealed class Tally
    {
        private readonly SortedDictionary<string, (int Probes, int Agreed)> _byCategory = new(StringComparer.Ordinal);
        private int _reprobed;

        public int Policies { get; private set; }

        public List<(int Index, string Text)> Failures { get; } = new();

        public void Policy()
        {
            lock (this)
            {
                Policies++;
            }
        }

        public void Probe(string category, bool agreed)
        {
            lock (this)
            {
                var (n, a) = _byCategory.GetValueOrDefault(category);
                _byCategory[category] = (n + 1, a + (agreed ? 1 : 0));
            }
        }

        public void Reprobed(int n)
        {
            lock (this)
            {
                _reprobed += n;
            }
        }

        public void Fail(int index, string text)
        {
            lock (this)
            {
                Failures.Add((index, text));
            }
        }

        public override string ToString()
        {
            lock (this)
            {
                int probes = _byCategory.Values.Sum(v => v.Probes);
                int agreed = _byCategory.Values.Sum(v => v.Agreed);
                return $"{Policies} policies, {probes} probes, {agreed} agreements with the kernel ({_reprobed} probes sent twice); by the trace's outcome: "
                    + string.Join(", ", _byCategory.Select(k => $"{k.Key} {k.Value.Agreed}/{k.Value.Probes}"));
            }
        }
    }
}
