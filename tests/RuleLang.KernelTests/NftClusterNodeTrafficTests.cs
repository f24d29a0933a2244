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
/// The committed cluster-node.nft (service dispatch as one verdict map, endpoints picked by `numgen random`
/// maps), alone, on the topology of <see cref="ClusterNodeTrafficTests"/>: connections to a service spread over
/// its endpoints, and only its own, as with the kube-proxy-shaped iptables ruleset.
/// </summary>
[TestFixture]
public sealed class NftClusterNodeTrafficTests : KernelTestBase
{
    private const string Client = "172.20.0.2";
    private const string NodeAddress = "172.20.0.1";

    private readonly List<TrafficServer> _servers = new();
    private readonly Dictionary<string, NetNamespace> _endpoints = new(StringComparer.Ordinal);
    private NetNamespace _node = null!;
    private NetNamespace _client = null!;
    private string _script = "";

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

        _script = ExampleRulesets.Read("ClusterNode", "cluster-node.nft");
        _node.LoadNft(_script).EnsureSuccess("loading cluster-node.nft");
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
    public void Web_cluster_ip_balances_over_both_web_endpoints() =>
        AssertBalanced(ClusterNodePolicy.WebClusterIp, 80, 300, WebAddresses, tolerance: 0.30);

    [Test]
    public void Api_cluster_ip_balances_over_the_three_api_endpoints() =>
        AssertBalanced(ClusterNodePolicy.ApiClusterIp, 9000, 300, ApiAddresses, tolerance: 0.35);

    [Test]
    public void Node_port_reaches_only_web_endpoints()
    {
        IReadOnlyDictionary<string, int> counts = Connect(_client, NodeAddress, ClusterNodePolicy.WebNodePort, 100);
        Assert.That(counts.Keys, Is.EquivalentTo(WebAddresses), $"NodePort: {Show(counts)}\n{_script}");
    }

    [Test]
    public void Endpoint_reaches_its_own_service_through_hairpin_masquerade()
    {
        (string self, _) = ClusterNodePolicy.WebEndpoints[0];
        IReadOnlyDictionary<string, int> counts = Connect(_endpoints[self], ClusterNodePolicy.WebClusterIp, 80, 30);
        Assert.That(counts.Keys, Is.SubsetOf(WebAddresses), $"hairpin: {Show(counts)}\n{_script}");
        Assert.That(counts.GetValueOrDefault(self), Is.GreaterThan(0), $"some of 30 connections land on {self} itself, answered thanks to the masquerade mark: {Show(counts)}");
    }

    private void AssertBalanced(string address, int port, int connections, string[] endpoints, double tolerance)
    {
        IReadOnlyDictionary<string, int> counts = Connect(_client, address, port, connections);
        Assert.That(counts.Keys, Is.SubsetOf(endpoints), $"{address}:{port} must reach only its endpoints: {Show(counts)}\n{_script}");
        double expected = (double)connections / endpoints.Length;
        int low = (int)Math.Ceiling(expected * (1 - tolerance));
        int high = (int)Math.Floor(expected * (1 + tolerance));
        foreach (string endpoint in endpoints)
        {
            Assert.That(counts.GetValueOrDefault(endpoint), Is.InRange(low, high),
                $"{endpoint} got {counts.GetValueOrDefault(endpoint)} of {connections} connections to {address}:{port}; expected {expected:0.#} ±{tolerance:P0}: {Show(counts)}\n{_script}");
        }
    }

    private static IReadOnlyDictionary<string, int> Connect(NetNamespace client, string address, int port, int connections)
    {
        IReadOnlyList<ConnectOutcome> outcomes = Traffic.ConnectMany(client, address, port, connections);
        IReadOnlyDictionary<string, int> counts = Traffic.CountByReply(outcomes);
        ConnectOutcome[] failed = outcomes.Where(o => !o.IsConnected).ToArray();
        Assert.That(failed, Is.Empty, $"{failed.Length} of {connections} connections to {address}:{port} failed, e.g. {failed.FirstOrDefault()}: {Show(counts)}");
        return counts;
    }

    private static string Show(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"));
}
