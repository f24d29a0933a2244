using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Scenarios;
using RuleLang.KernelTests.Support;
using Protocol = RuleLang.Model.Netfilter.Protocol;

namespace RuleLang.KernelTests;

/// <summary>
/// A multi-service cluster written with the ServiceBuilder DSL, emitted for iptables and loaded on a node
/// namespace that routes to one namespace per endpoint (the cluster node scenario's topology): each cluster IP
/// and NodePort reaches only its own endpoints, spread within 5σ (<see cref="LoadBalance"/>); ClientIP affinity
/// keeps one client on one endpoint; a service without endpoints is refused at once (REJECT), not left to time
/// out; an endpoint reaching its own service is masqueraded, so it sees the node's address.
/// </summary>
public sealed class KubeProxyKernelTests : KernelTestBase
{
    private const string Client = "172.20.0.2";
    private const string NodeAddress = "172.20.0.1";
    private const int Connections = 300;

    private static readonly (string Address, int Port)[] WebEndpoints = { ("10.244.1.10", 8080), ("10.244.2.10", 8080) };
    private static readonly (string Address, int Port)[] ApiEndpoints = { ("10.244.1.11", 9000), ("10.244.2.11", 9000), ("10.244.3.11", 9000) };
    private static readonly (string Address, int Port)[] CartEndpoints = { ("10.244.1.12", 8081), ("10.244.2.12", 8081), ("10.244.3.12", 8081) };

    /// <summary>The hairpin endpoint answers with the address it sees its peer at.</summary>
    private static readonly (string Address, int Port) WhoAmI = ("10.244.1.13", 7070);

    private NetNamespace _node = null!;
    private NetNamespace _client = null!;
    private readonly Dictionary<string, NetNamespace> _pods = new();
    private readonly Dictionary<string, string> _gateways = new();
    private readonly List<TrafficServer> _servers = new();
    private string _ruleset = "";

    private sealed class Cluster : PolicyDefinition
    {
        public override string Name => "kube-cluster";

        protected override void Define(PolicyBuilder p)
        {
            p.ClusterCidr("10.244.0.0/16");
            p.Service("default", "web").ClusterIp("10.96.0.10").Port("http", Protocol.Tcp, 80, targetPort: 8080, nodePort: 30080)
                .Endpoints(WebEndpoints.Select(e => e.Address).ToArray());
            p.Service("default", "api").ClusterIp("10.96.0.20").Port("grpc", Protocol.Tcp, 9000, nodePort: 30090)
                .Endpoints(ApiEndpoints.Select(e => e.Address).ToArray());
            p.Service("shop", "cart").ClusterIp("10.96.0.30").Port("http", Protocol.Tcp, 80, targetPort: 8081)
                .SessionAffinity(600).Endpoints(CartEndpoints.Select(e => e.Address).ToArray());
            p.Service("shop", "empty").ClusterIp("10.96.0.40").Port("http", Protocol.Tcp, 80, nodePort: 30040);
            p.Service("default", "whoami").ClusterIp("10.96.0.50").Port("", Protocol.Tcp, 80, targetPort: WhoAmI.Port).Endpoints(WhoAmI.Address);
        }
    }

    [SetUp]
    public void BuildCluster()
    {
        var result = PolicyCompiler.Compile(new Cluster().Build(), new[] { RulesetFormat.Iptables });
        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        _ruleset = result.Rulesets.Single().Text;

        _node = CreateNamespace("kube-node");
        _client = CreateNamespace("kube-client");
        Topology.Connect(_client, Client + "/24", _node, NodeAddress + "/24");
        Topology.AddDefaultRoute(_client, NodeAddress);
        string services = Topology.AddDummy(_node);
        _node.IpCommand("-4", "route", "add", "10.96.0.0/12", "dev", services, "src", NodeAddress).EnsureSuccess("service range route");
        _node.EnableForwarding();

        int n = 0;
        foreach ((string address, int port) in WebEndpoints.Concat(ApiEndpoints).Concat(CartEndpoints).Append(WhoAmI))
        {
            n++;
            string gateway = "169.254." + n.ToString(CultureInfo.InvariantCulture) + ".1";
            NetNamespace pod = CreateNamespace("kube-pod");
            Link link = Topology.Connect(pod, address + "/32", _node, gateway + "/32");
            Topology.AddDeviceRoute(pod, gateway + "/32", link.InterfaceA);
            Topology.AddDefaultRoute(pod, gateway);
            Topology.AddDeviceRoute(_node, address + "/32", link.InterfaceB);
            _servers.Add((address, port) == WhoAmI
                ? Traffic.StartTcpPeerAddressServer(pod, address, port)
                : Traffic.StartTcpServer(pod, address, port, address));
            _pods[address] = pod;
            _gateways[address] = gateway;
        }

        ExecResult restore = _node.RestoreIptables(_ruleset);
        Assert.That(restore.ExitCode, Is.EqualTo(0), $"iptables-restore refused the emitted ruleset: {restore.StdErr}\n{_ruleset}");
    }

    [TearDown]
    public void StopServers()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }
        _servers.Clear();
        _pods.Clear();
    }

    [Test]
    public void Each_cluster_ip_and_node_port_reaches_only_its_endpoints_spread_within_tolerance()
    {
        AssertBalanced("10.96.0.10", 80, WebEndpoints, Connections);
        AssertBalanced("10.96.0.20", 9000, ApiEndpoints, Connections);
        AssertBalanced(NodeAddress, 30080, WebEndpoints, Connections);
        AssertBalanced(NodeAddress, 30090, ApiEndpoints, Connections);
    }

    [Test]
    public void Session_affinity_sends_one_client_to_one_endpoint()
    {
        IReadOnlyDictionary<string, int> counts = Connect(_client, "10.96.0.30", 80, 30);
        Assert.That(counts.Keys, Has.Count.EqualTo(1), $"30 connections from one client must all reach one endpoint: {FlowResult.ShowCounts(counts)}\n{_ruleset}");
        Assert.That(counts.Keys, Is.SubsetOf(CartEndpoints.Select(e => e.Address)));
    }

    [Test]
    public void A_service_without_endpoints_is_refused_not_black_holed()
    {
        var started = DateTime.UtcNow;
        Assert.That(Traffic.TryConnect(_client, "10.96.0.40", 80).Status, Is.EqualTo(ConnectStatus.Refused),
            $"filter KUBE-SERVICES must REJECT connections to a service without endpoints\n{_ruleset}");
        Assert.That(Traffic.TryConnect(_client, NodeAddress, 30040).Status, Is.EqualTo(ConnectStatus.Refused),
            "filter KUBE-EXTERNAL-SERVICES must REJECT its NodePort");
        Assert.That(DateTime.UtcNow - started, Is.LessThan(Traffic.DefaultTimeout), "a refusal comes back at once; a black hole would wait for the timeout");
    }

    [Test]
    public void An_endpoint_reaching_its_own_service_is_masqueraded()
    {
        ConnectOutcome outcome = Traffic.TryConnect(_pods[WhoAmI.Address], "10.96.0.50", 80);
        Assert.That(outcome.IsConnected, Is.True, $"hairpin connection failed: {outcome}\n{_ruleset}");
        Assert.That(outcome.Reply, Is.EqualTo(_gateways[WhoAmI.Address]),
            "the endpoint must see the node's address on its link (KUBE-SEP's -s SELF -j KUBE-MARK-MASQ, then KUBE-POSTROUTING's MASQUERADE), not its own");

        // A client outside the cluster CIDR is masqueraded too, by KUBE-SVC's "! -s 10.244.0.0/16" rule.
        ConnectOutcome external = Traffic.TryConnect(_client, "10.96.0.50", 80);
        Assert.That(external.Reply, Is.EqualTo(_gateways[WhoAmI.Address]), "traffic from outside the cluster CIDR is masqueraded");
    }

    /// <summary>
    /// iptables-save prints back exactly what was emitted, for every kube-proxy shape the traffic tests do not load:
    /// recent lists (with the IPv4 and the IPv6 mask), KUBE-FW's rule without a target, eTP/iTP Local, dual-stack.
    /// </summary>
    [Test]
    public void Saved_rules_equal_the_emitted_rules_for_every_kube_proxy_shape()
    {
        var result = PolicyCompiler.Compile(new Shapes().Build());
        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        Assert.That(result.Rulesets.Select(r => r.Format), Is.EquivalentTo(new[] { RulesetFormat.Iptables, RulesetFormat.Ip6tables }));
        foreach (EmittedRuleset ruleset in result.Rulesets)
        {
            IpFamily family = ruleset.Format == RulesetFormat.Ip6tables ? IpFamily.V6 : IpFamily.V4;
            string saved = KernelRulesets.ApplyAndSave(CreateNamespace("kube-normal"), ruleset.Text, family, ruleset.FileName);
            KernelRulesets.AssertRoundTrip(ruleset.Text, saved, ruleset.FileName);
        }
    }

    private sealed class Shapes : PolicyDefinition
    {
        public override string Name => "kube-shapes";

        protected override void Define(PolicyBuilder p)
        {
            p.ClusterCidr("10.244.0.0/16");
            p.NodeIps("192.168.0.10");
            p.LocalhostNodePorts(true);
            p.Service("shop", "cart").ClusterIp("10.96.0.30", "fd00:96::30").Port("http", Protocol.Tcp, 80, targetPort: 8081, nodePort: 30030)
                .SessionAffinity().Endpoints("10.244.1.12", "10.244.2.12", "fd00:244:1::12");
            p.Service("web", "front").ClusterIp("10.96.0.40").Port("https", Protocol.Tcp, 443, nodePort: 31443)
                .LoadBalancer("203.0.113.10").LoadBalancerSourceRanges("192.168.0.0/24").HealthCheckNodePort(32000)
                .ExternalTrafficPolicy(Model.Intents.TrafficPolicy.Local).ExternalIps("192.0.2.40")
                .Endpoint("10.244.1.40", local: true).Endpoint("10.244.2.40");
            p.Service("metrics", "agent").ClusterIp("10.96.0.70").Port("metrics", Protocol.Udp, 9100)
                .InternalTrafficPolicy(Model.Intents.TrafficPolicy.Local).Endpoints("10.244.2.70");
            p.Service("telco", "diameter").ClusterIp("10.96.0.80").Port("", Protocol.Sctp, 3868).Endpoints("10.244.1.80");
            p.Service("shop", "empty").ClusterIp("10.96.0.90").Port("http", Protocol.Tcp, 80, nodePort: 30090).ExternalIps("192.0.2.90");
        }
    }

    private void AssertBalanced(string address, int port, (string Address, int Port)[] endpoints, int connections)
    {
        string[] addresses = endpoints.Select(e => e.Address).ToArray();
        IReadOnlyDictionary<string, int> counts = Connect(_client, address, port, connections);
        Assert.That(counts.Keys, Is.SubsetOf(addresses), $"{address}:{port} must reach only its endpoints: {FlowResult.ShowCounts(counts)}\n{_ruleset}");
        LoadBalance.Spread spread = LoadBalance.Measure(counts, addresses);
        TestContext.Out.WriteLine($"{address}:{port}: {spread}");
        Assert.That(spread.WithinTolerance, Is.True, $"{address}:{port}: {spread}");
    }

    private static IReadOnlyDictionary<string, int> Connect(NetNamespace client, string address, int port, int connections)
    {
        IReadOnlyList<ConnectOutcome> outcomes = Traffic.ConnectMany(client, address, port, connections);
        IReadOnlyDictionary<string, int> counts = Traffic.CountByReply(outcomes);
        ConnectOutcome[] failed = outcomes.Where(o => !o.IsConnected).ToArray();
        Assert.That(failed, Is.Empty, $"{failed.Length} of {connections} connections to {address}:{port} failed, e.g. {failed.FirstOrDefault()}: {FlowResult.ShowCounts(counts)}");
        return counts;
    }
}
