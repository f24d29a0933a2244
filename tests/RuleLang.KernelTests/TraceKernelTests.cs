using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using NUnit.Framework;
using RuleLang.Examples.ClusterNode;
using RuleLang.Examples.Gateway;
using RuleLang.Examples.WebServer;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Scenarios;
using RuleLang.KernelTests.Trace;
using RuleLang.Model;

namespace RuleLang.KernelTests;

/// <summary>
/// rulelang trace against the kernel: each example's scenario (Scenarios/) is built with the committed iptables
/// rulesets loaded, every flow is driven for real, and the outcome the trace predicts for it (request traced
/// through the firewall, each load-balanced endpoint, the reply traced back) must equal what the kernel did:
/// accepted (with the same reply, so the same DNAT target and SNAT), dropped (TimedOut), refused, and for
/// load-balanced flows the same set of endpoints. Flows that never cross the firewall are counted, not traced.
/// </summary>
[TestFixture]
public sealed class TraceKernelTests : KernelTestBase
{
    /// <summary>Enough connections that every endpoint of a 3-endpoint service is reached but with odds below 10⁻⁶ of missing one.</summary>
    private const int ManyConnections = 40;

    [Test]
    public void Web_server_flows_end_as_the_trace_predicts() =>
        Compare(WebServerScenario.Build(CreateNamespace, Backend.Iptables), new WebServerPolicy().Build(), TraceWorlds.WebServer);

    [Test]
    public void Gateway_flows_end_as_the_trace_predicts() =>
        Compare(GatewayScenario.Build(CreateNamespace, Backend.Iptables), new GatewayPolicy().Build(), TraceWorlds.Gateway);

    [Test]
    public void Cluster_node_flows_end_as_the_trace_predicts() =>
        Compare(ClusterNodeScenario.Build(CreateNamespace, Backend.Iptables), new ClusterNodePolicy().Build(), TraceWorlds.ClusterNode);

    private static void Compare(Scenario scenario, Policy policy, TraceWorld world)
    {
        using var _ = scenario;
        var flows = scenario.Flows.Select(f => f.Kind == FlowKind.TcpMany ? f with { Count = Math.Min(f.Count, ManyConnections) } : f).ToArray();
        var predicted = new string?[flows.Length];
        var traces = new string[flows.Length];
        for (int i = 0; i < flows.Length; i++)
        {
            predicted[i] = TracePrediction.Predict(policy, world, flows[i], out traces[i]);
        }

        // As the differential tests do: TCP and ICMP first, then UDP, then the many connections.
        var actual = new FlowResult[flows.Length];
        int Phase(Flow f) => f.Kind switch { FlowKind.Udp => 1, FlowKind.TcpMany => 2, _ => 0 };
        foreach (int p in new[] { 0, 1, 2 })
        {
            int[] phase = Enumerable.Range(0, flows.Length).Where(i => Phase(flows[i]) == p && predicted[i] is not null).ToArray();
            IReadOnlyList<FlowResult> results = scenario.Run(phase.Select(i => flows[i]).ToArray());
            for (int k = 0; k < phase.Length; k++)
            {
                actual[phase[k]] = results[k];
            }
        }

        var table = new StringBuilder();
        var disagreements = new List<string>();
        int compared = 0, skipped = 0, endpoints = 0;
        for (int i = 0; i < flows.Length; i++)
        {
            if (predicted[i] is not { } expected)
            {
                skipped++;
                table.Append(CultureInfo.InvariantCulture, $"{flows[i].Name,-52} | not through the firewall\n");
                continue;
            }
            compared++;
            string kernel = actual[i].Outcome;
            if (flows[i].Kind == FlowKind.TcpMany)
            {
                endpoints += actual[i].Counts?.Count ?? 0;
            }
            string mark = kernel == expected ? "" : "  <-- differs";
            table.Append(CultureInfo.InvariantCulture, $"{flows[i].Name,-52} | trace {expected} | kernel {kernel}{mark}\n");
            if (kernel != expected)
            {
                disagreements.Add($"{flows[i].Name} ({flows[i].Describe()}): trace {expected}, kernel {kernel}\n{traces[i]}");
            }
        }
        TestContext.Out.WriteLine(table.ToString());
        TestContext.Out.WriteLine($"{compared} flows compared with the kernel ({endpoints} load-balanced endpoints seen), {skipped} not through the firewall");
        Assert.That(disagreements, Is.Empty, () => string.Join("\n", disagreements) + "\n" + scenario.Rulesets);
    }
}
