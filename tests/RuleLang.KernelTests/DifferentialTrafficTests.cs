using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Scenarios;

namespace RuleLang.KernelTests;

/// <summary>
/// The back ends against each other: for each example the topology is built once per back end, one copy loaded
/// with the committed iptables output and one with the committed nft script (for the clusters also one with the
/// services in kube-proxy's nft layout, the committed script holding the compact one), and the same flows (TCP, UDP and ICMP;
/// allowed and denied sources; redirected, forwarded and load-balanced destinations; IPv4 and IPv6 where the
/// example has IPv6) are driven through all. Every flow must end the same way (Connected with the same reply or
/// the same set of replies, Refused, TimedOut) and as the policy asks; a table flow → expected / iptables / nft
/// is printed. Load-balanced flows must also spread evenly (<see cref="LoadBalance"/>) with each back end.
/// </summary>
[TestFixture]
public sealed class DifferentialTrafficTests : KernelTestBase
{
    [Test]
    public void Web_server_behaves_the_same_with_iptables_and_nft() =>
        Compare(b => WebServerScenario.Build(CreateNamespace, b));

    [Test]
    public void Gateway_behaves_the_same_with_iptables_and_nft() =>
        Compare(b => GatewayScenario.Build(CreateNamespace, b));

    [Test]
    public void Cluster_node_behaves_the_same_with_iptables_and_both_nft_layouts() =>
        Compare(b => ClusterNodeScenario.Build(CreateNamespace, b), Backend.Nft, Backend.NftKubeProxy);

    /// <summary>Services the cluster node lacks: ClientIP affinity, a service without endpoints, hairpin to a peer-address server.</summary>
    [Test]
    public void Kube_cluster_behaves_the_same_with_iptables_and_both_nft_layouts() =>
        Compare(b => KubeClusterScenario.Build(CreateNamespace, b), Backend.Nft, Backend.NftKubeProxy);

    /// <summary>A process on the node reaches an eTP=Local LB IP with no local endpoint: let through, as kube-proxy does (both modes).</summary>
    [Test]
    public void Node_reaches_a_local_policy_load_balancer_ip_without_a_local_endpoint() =>
        Compare(b => ServiceEdgeScenario.Build(CreateNamespace, b, ServiceEdgeScenario.NodeToLocalPolicyLoadBalancer), Backend.Nft, Backend.NftKubeProxy);

    /// <summary>A client reaches an unused address of the service CIDR: dropped by kube-proxy's nftables mode, routed on by its iptables mode.</summary>
    [Test]
    public void Client_reaches_an_unused_cluster_ip_of_the_service_cidr() =>
        Compare(b => ServiceEdgeScenario.Build(CreateNamespace, b, ServiceEdgeScenario.ClientToUnusedClusterIp), Backend.Nft, Backend.NftKubeProxy);

    /// <summary>
    /// A process on the node to 127.0.0.1:NODEPORT: with localhost NodePorts (kube-proxy's default) iptables reaches
    /// the endpoints and both nft layouts refuse, as kube-proxy's nftables mode; without, every back end refuses.
    /// </summary>
    [TestCase(true)]
    [TestCase(false)]
    public void Localhost_nodeport_reaches_the_endpoints_only_in_iptables_mode_with_the_setting_on(bool localhostNodePorts) =>
        Compare(b => LocalhostNodePortScenario.Build(CreateNamespace, b, localhostNodePorts), Backend.Nft, Backend.NftKubeProxy);

    /// <summary>
    /// Compares iptables with each nft back end given (the committed script; with services, also kube-proxy's
    /// layout), all copies of the topology at once.
    /// </summary>
    private static void Compare(Func<Backend, Scenario> build, params Backend[] nftBackends)
    {
        if (nftBackends.Length == 0)
        {
            nftBackends = new[] { Backend.Nft };
        }

        Backend[] backends = nftBackends.Prepend(Backend.Iptables).ToArray();
        var scenarios = new List<Scenario>();
        try
        {
            foreach (Backend backend in backends)
            {
                scenarios.Add(build(backend));
            }

            Compare(scenarios);
        }
        finally
        {
            foreach (Scenario scenario in scenarios)
            {
                scenario.Dispose();
            }
        }
    }

    private static string Label(Backend backend) => backend switch
    {
        Backend.Iptables => "iptables",
        Backend.Nft => "nft",
        _ => "nft kube-proxy",
    };

    private static void Compare(IReadOnlyList<Scenario> scenarios)
    {
        IReadOnlyList<Flow> flows = scenarios[0].Flows;

        // All copies at once, the flows of a phase at once: a dropped flow costs its wait once, not once per flow.
        // TCP and ICMP first, then UDP, then the hundreds of load-balanced connections: on a small machine the
        // process churn of many flows starting together would delay a lone UDP answer past the wait.
        var results = scenarios.Select(_ => new FlowResult[flows.Count]).ToArray();
        int Phase(Flow f) => f.Kind switch { FlowKind.Udp => 1, FlowKind.TcpMany or FlowKind.TcpSticky => 2, _ => 0 };
        foreach (int p in new[] { 0, 1, 2 })
        {
            int[] phase = Enumerable.Range(0, flows.Count).Where(i => Phase(flows[i]) == p).ToArray();
            Flow[] batch = phase.Select(i => flows[i]).ToArray();
            IReadOnlyList<FlowResult>[] all = Scenario.Concurrently(scenarios.Select(s => (Func<IReadOnlyList<FlowResult>>)(() => s.Run(batch))).ToArray());
            for (int b = 0; b < scenarios.Count; b++)
            {
                for (int k = 0; k < phase.Length; k++)
                {
                    results[b][phase[k]] = all[b][k];
                }
            }
        }

        var table = new StringBuilder();
        int nameWidth = Math.Max(4, flows.Max(f => f.Name.Length));
        string Expected(Flow f) => f.NftExpected is { } nft ? $"{f.Expected} / nft {nft}" : f.Expected;
        int expectedWidth = Math.Max(8, flows.Max(f => Expected(f).Length));
        int[] widths = scenarios.Select((s, b) => Math.Max(Label(s.Backend).Length, results[b].Max(r => r.Outcome.Length))).ToArray();
        table.Append(CultureInfo.InvariantCulture, $"{"flow".PadRight(nameWidth)} | {"expected".PadRight(expectedWidth)}");
        for (int b = 0; b < scenarios.Count; b++)
        {
            table.Append(" | ").Append(Label(scenarios[b].Backend).PadRight(widths[b]));
        }
        table.Append('\n').Append(new string('-', nameWidth + expectedWidth + widths.Sum() + (3 * scenarios.Count) + 3)).Append('\n');
        var disagreements = new List<string>();
        var unexpected = new List<string>();
        for (int i = 0; i < flows.Count; i++)
        {
            Flow f = flows[i];
            string[] outcomes = results.Select(r => r[i].Outcome).ToArray();
            // A flow where kube-proxy's two modes differ on purpose names both outcomes; the back ends must give those.
            bool asked = scenarios.Select((s, b) => outcomes[b] == f.ExpectedWith(s.Backend)).All(ok => ok);
            bool differ = f.NftExpected is null ? outcomes.Distinct().Count() > 1 : outcomes.Skip(1).Distinct().Count() > 1;
            string mark = differ ? "  <-- differs" : !asked ? "  <-- not as expected" : "";
            table.Append(CultureInfo.InvariantCulture, $"{f.Name.PadRight(nameWidth)} | {Expected(f).PadRight(expectedWidth)}");
            for (int b = 0; b < scenarios.Count; b++)
            {
                table.Append(" | ").Append(outcomes[b].PadRight(widths[b]));
            }
            table.Append(mark).Append('\n');
            string described = string.Join(", ", scenarios.Select((s, b) => $"{Label(s.Backend)} {outcomes[b]}"));
            if (differ)
            {
                disagreements.Add($"{f.Name} ({f.Describe()}): {described}");
            }
            else if (!asked)
            {
                unexpected.Add($"{f.Name} ({f.Describe()}): {described}; the policy asks for {Expected(f)}");
            }
        }

        var balance = new StringBuilder();
        var skewed = new List<string>();
        for (int i = 0; i < flows.Count; i++)
        {
            if (flows[i].Kind != FlowKind.TcpMany || flows[i].Balance is not { } endpoints)
            {
                continue;
            }

            balance.Append(flows[i].Describe()).Append('\n');
            for (int b = 0; b < scenarios.Count; b++)
            {
                LoadBalance.Spread spread = LoadBalance.Measure(results[b][i].Counts!, endpoints);
                balance.Append(CultureInfo.InvariantCulture, $"  {Label(scenarios[b].Backend),-14} {spread}\n");
                if (!spread.WithinTolerance)
                {
                    skewed.Add($"{flows[i].Name} with {Label(scenarios[b].Backend)}: {spread}");
                }
            }
        }

        TestContext.Out.WriteLine(table.ToString());
        if (balance.Length > 0)
        {
            TestContext.Out.WriteLine("load balancing:\n" + balance);
        }

        string Loaded() => string.Concat(scenarios.Select(s => $"{Label(s.Backend)}:\n{s.Rulesets}\n"));
        Assert.Multiple(() =>
        {
            Assert.That(disagreements, Is.Empty, () => $"the back ends disagree:\n{table}\n{Loaded()}");
            Assert.That(unexpected, Is.Empty, () => $"the back ends agree, but not with the policy:\n{table}");
            Assert.That(skewed, Is.Empty, () => $"uneven load balancing:\n{balance}");
        });
    }
}
