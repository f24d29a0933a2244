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
/// The two back ends against each other: for each example the topology is built twice, one copy loaded with the
/// committed iptables output and one with the committed nft script, and the same flows (TCP, UDP and ICMP;
/// allowed and denied sources; redirected, forwarded and load-balanced destinations; IPv4 and IPv6 where the
/// example has IPv6) are driven through both. Every flow must end the same way (Connected with the same reply or
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
    public void Cluster_node_behaves_the_same_with_iptables_and_nft() =>
        Compare(b => ClusterNodeScenario.Build(CreateNamespace, b));

    /// <summary>Services the cluster node lacks: ClientIP affinity, a service without endpoints, hairpin to a peer-address server.</summary>
    [Test]
    public void Kube_cluster_behaves_the_same_with_iptables_and_nft() =>
        Compare(b => KubeClusterScenario.Build(CreateNamespace, b));

    private static void Compare(Func<Backend, Scenario> build)
    {
        using Scenario iptables = build(Backend.Iptables);
        using Scenario nft = build(Backend.Nft);
        IReadOnlyList<Flow> flows = iptables.Flows;

        // Both copies at once, the flows of a phase at once: a dropped flow costs its wait once, not once per flow.
        // TCP and ICMP first, then UDP, then the hundreds of load-balanced connections: on a small machine the
        // process churn of many flows starting together would delay a lone UDP answer past the wait.
        var viaIptables = new FlowResult[flows.Count];
        var viaNft = new FlowResult[flows.Count];
        int Phase(Flow f) => f.Kind switch { FlowKind.Udp => 1, FlowKind.TcpMany or FlowKind.TcpSticky => 2, _ => 0 };
        foreach (int p in new[] { 0, 1, 2 })
        {
            int[] phase = Enumerable.Range(0, flows.Count).Where(i => Phase(flows[i]) == p).ToArray();
            Flow[] batch = phase.Select(i => flows[i]).ToArray();
            IReadOnlyList<FlowResult>[] both = Scenario.Concurrently(new Func<IReadOnlyList<FlowResult>>[] { () => iptables.Run(batch), () => nft.Run(batch) });
            for (int k = 0; k < phase.Length; k++)
            {
                viaIptables[phase[k]] = both[0][k];
                viaNft[phase[k]] = both[1][k];
            }
        }


        var table = new StringBuilder();
        int nameWidth = Math.Max(4, flows.Max(f => f.Name.Length));
        string Expected(Flow f) => f.NftExpected is { } nft ? $"{f.Expected} / nft {nft}" : f.Expected;
        int expectedWidth = Math.Max(8, flows.Max(f => Expected(f).Length));
        int iptWidth = Math.Max(8, viaIptables.Max(r => r.Outcome.Length));
        table.Append(CultureInfo.InvariantCulture, $"{"flow".PadRight(nameWidth)} | {"expected".PadRight(expectedWidth)} | {"iptables".PadRight(iptWidth)} | nft\n");
        table.Append(new string('-', nameWidth + expectedWidth + iptWidth + 15)).Append('\n');
        var disagreements = new List<string>();
        var unexpected = new List<string>();
        for (int i = 0; i < flows.Count; i++)
        {
            Flow f = flows[i];
            string a = viaIptables[i].Outcome;
            string b = viaNft[i].Outcome;
            // A flow where kube-proxy's two modes differ on purpose names both outcomes; the back ends must give those.
            bool asked = a == f.ExpectedWith(Backend.Iptables) && b == f.ExpectedWith(Backend.Nft);
            bool differ = a != b && f.NftExpected is null;
            string mark = differ ? "  <-- differs" : !asked ? "  <-- not as expected" : "";
            table.Append(CultureInfo.InvariantCulture, $"{f.Name.PadRight(nameWidth)} | {Expected(f).PadRight(expectedWidth)} | {a.PadRight(iptWidth)} | {b}{mark}\n");
            if (differ)
            {
                disagreements.Add($"{f.Name} ({f.Describe()}): iptables {a}, nft {b}");
            }
            else if (!asked)
            {
                unexpected.Add($"{f.Name} ({f.Describe()}): iptables {a}, nft {b}; the policy asks for {Expected(f)}");
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
            foreach ((string backend, FlowResult result) in new[] { ("iptables", viaIptables[i]), ("nft", viaNft[i]) })
            {
                LoadBalance.Spread spread = LoadBalance.Measure(result.Counts!, endpoints);
                balance.Append(CultureInfo.InvariantCulture, $"  {backend,-8} {spread}\n");
                if (!spread.WithinTolerance)
                {
                    skewed.Add($"{flows[i].Name} with {backend}: {spread}");
                }
            }
        }

        TestContext.Out.WriteLine(table.ToString());
        if (balance.Length > 0)
        {
            TestContext.Out.WriteLine("load balancing:\n" + balance);
        }

        Assert.Multiple(() =>
        {
            Assert.That(disagreements, Is.Empty, () => $"the back ends disagree:\n{table}\niptables:\n{iptables.Rulesets}\nnft:\n{nft.Rulesets}");
            Assert.That(unexpected, Is.Empty, () => $"both back ends agree, but not with the policy:\n{table}");
            Assert.That(skewed, Is.Empty, () => $"uneven load balancing:\n{balance}");
        });
    }
}
