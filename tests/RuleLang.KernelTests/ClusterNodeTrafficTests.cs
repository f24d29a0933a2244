using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Examples.ClusterNode;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Scenarios;
using static RuleLang.KernelTests.Scenarios.ClusterNodeScenario;

namespace RuleLang.KernelTests;

/// <summary>
/// The committed cluster-node ruleset on <see cref="ClusterNodeScenario"/>, once per back end (iptables: the
/// kube-proxy-shaped statistic cascades; nft: one dispatch verdict map and numgen maps): cluster IP load
/// balancing (counts within stated tolerances), NodePort, node-local (OUTPUT) access, hairpin via the masquerade
/// mark. With iptables the hairpin rule's counter is checked too.
/// </summary>
[TestFixture(Backend.Iptables)]
[TestFixture(Backend.Nft)]
public sealed class ClusterNodeTrafficTests : KernelTestBase
{
    private readonly Backend _backend;
    private ClusterNodeScenario _s = null!;

    public ClusterNodeTrafficTests(Backend backend) => _backend = backend;

    [SetUp]
    public void BuildTopology() => _s = Build(CreateNamespace, _backend);

    [TearDown]
    public void StopServers() => _s.Dispose();

    [Test]
    public void Endpoints_answer_directly()
    {
        foreach ((string address, int port) in AllEndpoints)
        {
            Assert.That(Traffic.TryConnect(_s.ClientHost, address, port), Is.EqualTo(ConnectOutcome.Connected(address)),
                $"control: the client reaches endpoint {address}:{port} routed through the node");
        }
    }

    [Test]
    public void Web_cluster_ip_balances_over_both_web_endpoints() =>
        AssertBalanced(ClusterNodePolicy.WebClusterIp, WebServicePort, WebAddresses);

    [Test]
    public void Api_cluster_ip_balances_over_the_three_api_endpoints() =>
        AssertBalanced(ClusterNodePolicy.ApiClusterIp, ApiServicePort, ApiAddresses);

    [Test]
    public void Node_port_reaches_only_web_endpoints()
    {
        IReadOnlyDictionary<string, int> counts = Connect(_s.ClientHost, NodeAddress, ClusterNodePolicy.WebNodePort, 100, "NodePort");
        Assert.That(counts.Keys, Is.EquivalentTo(WebAddresses),
            $"100 connections to {NodeAddress}:{ClusterNodePolicy.WebNodePort} must all reach web endpoints, both of them: {FlowResult.ShowCounts(counts)}\n{_s.Rulesets}");
    }

    [Test]
    public void Cluster_ip_works_from_the_node_itself()
    {
        IReadOnlyDictionary<string, int> counts = Connect(_s.Node, ClusterNodePolicy.WebClusterIp, WebServicePort, 20, "from the node (nat OUTPUT)");
        Assert.That(counts.Keys, Is.SubsetOf(WebAddresses), $"OUTPUT → KUBE-SERVICES: {FlowResult.ShowCounts(counts)}\n{_s.Rulesets}");
    }

    [Test]
    public void Endpoint_reaches_its_own_service_through_hairpin_masquerade()
    {
        (string self, _) = ClusterNodePolicy.WebEndpoints[0];
        IReadOnlyDictionary<string, int> counts = Connect(_s.Pod(self), ClusterNodePolicy.WebClusterIp, WebServicePort, 30, $"hairpin from {self}");
        Assert.That(counts.Keys, Is.SubsetOf(WebAddresses), $"every attempt must be answered by a web endpoint: {FlowResult.ShowCounts(counts)}\n{_s.Rulesets}");
        Assert.That(counts.GetValueOrDefault(self), Is.GreaterThan(0),
            $"at 1/2 per connection, some of 30 connections must land on {self} itself (answered only thanks to the masquerade mark): {FlowResult.ShowCounts(counts)}");

        if (_backend == Backend.Iptables)
        {
            // The endpoint chain's own hairpin rule "-s SELF/32 ... -j KUBE-MARK-MASQ" is what made those work.
            string hairpinRule = _s.Rulesets.Split('\n').Single(l =>
                l.StartsWith("-A KUBE-SEP-", StringComparison.Ordinal) && l.Contains($"-s {self}/32 ", StringComparison.Ordinal) && l.EndsWith("-j KUBE-MARK-MASQ", StringComparison.Ordinal));
            string nat = IptablesCounters.Describe(_s.Node, "nat");
            Assert.That(IptablesCounters.Packets(_s.Node, "nat", hairpinRule), Is.EqualTo(counts[self]),
                $"one hairpin mark per connection that landed on {self} (nat rules count the first packet only): {hairpinRule}\n{nat}");
        }
    }

    private void AssertBalanced(string address, int port, string[] endpoints)
    {
        // 300 here (5σ: ±28.9 % for 2 endpoints, ±40.8 % for 3); DifferentialTrafficTests measures 600 per back end.
        IReadOnlyDictionary<string, int> counts = Connect(_s.ClientHost, address, port, 300, $"{address}:{port}");
        Assert.That(counts.Keys, Is.SubsetOf(endpoints), $"connections to {address}:{port} must reach only its endpoints: {FlowResult.ShowCounts(counts)}\n{_s.Rulesets}");
        LoadBalance.Spread spread = LoadBalance.Measure(counts, endpoints);
        TestContext.Out.WriteLine($"{_backend} {address}:{port}: {spread}");
        Assert.That(spread.WithinTolerance, Is.True, $"{_backend} {address}:{port}: {spread}\n{_s.Rulesets}");
    }

    /// <summary>Makes the connections, requires every one to be answered, and returns the count per replying endpoint.</summary>
    private static IReadOnlyDictionary<string, int> Connect(NetNamespace client, string address, int port, int connections, string what)
    {
        IReadOnlyList<ConnectOutcome> outcomes = Traffic.ConnectMany(client, address, port, connections);
        IReadOnlyDictionary<string, int> counts = Traffic.CountByReply(outcomes);
        TestContext.Out.WriteLine($"{what}: {connections} connections from {client.Name} → {FlowResult.ShowCounts(counts)}");
        ConnectOutcome[] failed = outcomes.Where(o => !o.IsConnected).ToArray();
        Assert.That(failed, Is.Empty, $"{what}: {failed.Length} of {connections} connections failed, e.g. {failed.FirstOrDefault()}: {FlowResult.ShowCounts(counts)}");
        return counts;
    }
}
