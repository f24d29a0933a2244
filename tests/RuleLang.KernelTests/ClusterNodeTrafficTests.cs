using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NUnit.Framework;
using RuleLang.Examples.ClusterNode;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;

namespace RuleLang.KernelTests;

/// <summary>
/// The committed cluster-node ruleset (kube-proxy's iptables shape) on a node namespace routing to one namespace
/// per service endpoint (pod), each on its own veth with only its /32 pod address, the node side holding a
/// link-local /32 as the pod's gateway (as Calico does). A client outside the cluster sits on 172.20.0.0/24.
/// Every endpoint replies with its own address, so the replies tell where the load balancer sent each connection.
/// </summary>
[TestFixture]
public sealed class ClusterNodeTrafficTests : KernelTestBase
{
    private const string Client = "172.20.0.2";
    private const string NodeAddress = "172.20.0.1";
    private const int WebServicePort = 80;
    private const int ApiServicePort = 9000;

    private readonly List<TrafficServer> _servers = new();
    private readonly Dictionary<string, NetNamespace> _endpoints = new(StringComparer.Ordinal);
    private NetNamespace _node = null!;
    private NetNamespace _client = null!;
    private string _ruleset = "";

    private static IEnumerable<(string Address, int Port)> AllEndpoints => ClusterNodePolicy.WebEndpoints.Concat(ClusterNodePolicy.ApiEndpoints);

    private static string[] WebAddresses => ClusterNodePolicy.WebEndpoints.Select(e => e.Address).ToArray();

    private static string[] ApiAddresses => ClusterNodePolicy.ApiEndpoints.Select(e => e.Address).ToArray();

    [SetUp]
    public void BuildTopology()
    {
        _node = CreateNamespace("node");
        _client = CreateNamespace("client");
        Topology.Connect(_client, Client + "/24", _node, NodeAddress + "/24");
        Topology.AddDefaultRoute(_client, NodeAddress);
        // The node's own connections to a cluster IP need some route for the first lookup (before nat OUTPUT
        // DNAT re-routes them); a real node has its default route upstream.
        Topology.AddDefaultRoute(_node, Client);
        _node.EnableForwarding();

        int n = 0;
        foreach ((string address, int port) in AllEndpoints)
        {
            n++;
            string gateway = $"169.254.{n.ToString(CultureInfo.InvariantCulture)}.1";
            NetNamespace pod = CreateNamespace("pod" + address.Replace(".", "", StringComparison.Ordinal)[^4..]);
            Link link = Topology.Connect(pod, address + "/32", _node, gateway + "/32");
            Topology.AddDeviceRoute(pod, gateway + "/32", link.InterfaceA);
            Topology.AddDefaultRoute(pod, gateway);
            Topology.AddDeviceRoute(_node, address + "/32", link.InterfaceB);
            _servers.Add(Traffic.StartTcpServer(pod, address, port, address));
            _endpoints[address] = pod;
        }

        _ruleset = ExampleRulesets.Read("ClusterNode", "cluster-node.iptables");
        KernelRulesets.ApplyAndSave(_node, _ruleset, IpFamily.V4, "cluster-node.iptables");
    }

    [TearDown]
    public void StopServers()
    {
        foreach (TrafficServer s in _servers)
        {
            s.Dispose();
        }

        _servers.Clear();
        _endpoints.Clear();
    }

    [Test]
    public void Endpoints_answer_directly()
    {
        foreach ((string address, int port) in AllEndpoints)
        {
            Assert.That(Traffic.TryConnect(_client, address, port), Is.EqualTo(ConnectOutcome.Connected(address)),
                $"control: the client reaches endpoint {address}:{port} routed through the node");
        }
    }

    [Test]
    public void Web_cluster_ip_balances_over_both_web_endpoints()
    {
        AssertBalanced(_client, ClusterNodePolicy.WebClusterIp, WebServicePort, 300, WebAddresses, tolerance: 0.30);
    }

    [Test]
    public void Api_cluster_ip_balances_over_the_three_api_endpoints()
    {
        AssertBalanced(_client, ClusterNodePolicy.ApiClusterIp, ApiServicePort, 300, ApiAddresses, tolerance: 0.35);
    }

    [Test]
    public void Node_port_reaches_only_web_endpoints()
    {
        IReadOnlyDictionary<string, int> counts = Connect(_client, NodeAddress, ClusterNodePolicy.WebNodePort, 100, "NodePort");
        Assert.That(counts.Keys, Is.EquivalentTo(WebAddresses),
            $"100 connections to {NodeAddress}:{ClusterNodePolicy.WebNodePort} must all reach web endpoints, both of them: {Show(counts)}\n{_ruleset}");
    }

    [Test]
    public void Cluster_ip_works_from_the_node_itself()
    {
        IReadOnlyDictionary<string, int> counts = Connect(_node, ClusterNodePolicy.WebClusterIp, WebServicePort, 20, "from the node (nat OUTPUT)");
        Assert.That(counts.Keys, Is.SubsetOf(WebAddresses), $"OUTPUT → KUBE-SERVICES: {Show(counts)}\n{_ruleset}");
    }

    [Test]
    public void Endpoint_reaches_its_own_service_through_hairpin_masquerade()
    {
        (string self, _) = ClusterNodePolicy.WebEndpoints[0];
        IReadOnlyDictionary<string, int> counts = Connect(_endpoints[self], ClusterNodePolicy.WebClusterIp, WebServicePort, 30, $"hairpin from {self}");
        Assert.That(counts.Keys, Is.SubsetOf(WebAddresses), $"every attempt must be answered by a web endpoint: {Show(counts)}\n{_ruleset}");
        Assert.That(counts.GetValueOrDefault(self), Is.GreaterThan(0),
            $"at 1/2 per connection, some of 30 connections must land on {self} itself (answered only thanks to KUBE-MARK-MASQ): {Show(counts)}");

        // The endpoint chain's own hairpin rule "-s SELF/32 ... -j KUBE-MARK-MASQ" is what made those work.
        string hairpinRule = _ruleset.Split('\n').Single(l =>
            l.StartsWith("-A KUBE-SEP-", StringComparison.Ordinal) && l.Contains($"-s {self}/32 ", StringComparison.Ordinal) && l.EndsWith("-j KUBE-MARK-MASQ", StringComparison.Ordinal));
        string nat = IptablesCounters.Describe(_node, "nat");
        Assert.That(IptablesCounters.Packets(_node, "nat", hairpinRule), Is.EqualTo(counts[self]),
            $"one hairpin mark per connection that landed on {self} (nat rules count the first packet only): {hairpinRule}\n{nat}");
    }

    private void AssertBalanced(NetNamespace client, string address, int port, int connections, string[] endpoints, double tolerance)
    {
        IReadOnlyDictionary<string, int> counts = Connect(client, address, port, connections, $"{address}:{port}");
        Assert.That(counts.Keys, Is.SubsetOf(endpoints), $"connections to {address}:{port} must reach only its endpoints: {Show(counts)}\n{_ruleset}");
        double expected = (double)connections / endpoints.Length;
        int low = (int)Math.Ceiling(expected * (1 - tolerance));
        int high = (int)Math.Floor(expected * (1 + tolerance));
        foreach (string endpoint in endpoints)
        {
            Assert.That(counts.GetValueOrDefault(endpoint), Is.InRange(low, high),
                $"{endpoint} got {counts.GetValueOrDefault(endpoint)} of {connections} connections to {address}:{port}; expected {expected:0.#} ±{tolerance:P0} "
                + $"([{low}, {high}]) from the statistic --probability chain: {Show(counts)}\n{_ruleset}");
        }
    }

    /// <summary>Makes the connections, requires every one to be answered, and returns the count per replying endpoint.</summary>
    private static IReadOnlyDictionary<string, int> Connect(NetNamespace client, string address, int port, int connections, string what)
    {
        IReadOnlyList<ConnectOutcome> outcomes = Traffic.ConnectMany(client, address, port, connections);
        IReadOnlyDictionary<string, int> counts = Traffic.CountByReply(outcomes);
        TestContext.Out.WriteLine($"{what}: {connections} connections from {client.Name} → {Show(counts)}");
        ConnectOutcome[] failed = outcomes.Where(o => !o.IsConnected).ToArray();
        Assert.That(failed, Is.Empty, $"{what}: {failed.Length} of {connections} connections failed, e.g. {failed.FirstOrDefault()}: {Show(counts)}");
        return counts;
    }

    private static string Show(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"));
}
