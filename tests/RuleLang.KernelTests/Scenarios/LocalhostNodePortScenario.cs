using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;
using Protocol = RuleLang.Model.Netfilter.Protocol;

namespace RuleLang.KernelTests.Scenarios;

/// <summary>
/// A process on the node connecting to 127.0.0.1:NODEPORT (kube-proxy's --iptables-localhost-nodeports). kube-proxy's
/// iptables mode DNATs it to an endpoint when the setting is on (its default) and masquerades it, so that the
/// endpoint sees the node's address; off, 127.0.0.0/8 is left out of the NodePorts. Its nftables mode never does it
/// (the nft layouts ignore the setting). The node has route_localnet on, as kube-proxy sets it: without it the
/// kernel drops a packet from 127.0.0.1 routed off the host whatever the rules say, and the flow would prove nothing.
/// </summary>
public sealed class LocalhostNodePortScenario : Scenario
{
    public const string PolicyName = "localhost-nodeport";
    public const string NodePortAddress = "127.0.0.1";
    public const int NodePort = 30080;

    /// <summary>What TcpMany reports when every connection was refused (nothing listens on the node's 127.0.0.1:NODEPORT).</summary>
    private const string AllRefused = "Connected{[Refused]}";

    public static readonly string[] WebEndpoints = { "10.244.1.10", "10.244.2.10" };

    private readonly bool _localhostNodePorts;

    private LocalhostNodePortScenario(Backend backend, bool localhostNodePorts)
        : base(backend) => _localhostNodePorts = localhostNodePorts;

    private sealed class Cluster : PolicyDefinition
    {
        private readonly bool _localhostNodePorts;

        public Cluster(bool localhostNodePorts) => _localhostNodePorts = localhostNodePorts;

        public override string Name => PolicyName;

        protected override void Define(PolicyBuilder p)
        {
            p.ClusterCidr("10.244.0.0/16");
            p.LocalhostNodePorts(_localhostNodePorts);
            p.Service("default", "web").ClusterIp("10.96.0.10").Port("http", Protocol.Tcp, 80, targetPort: 8080, nodePort: NodePort)
                .Endpoints(WebEndpoints);
        }
    }

    public static LocalhostNodePortScenario Build(Func<string, NetNamespace> create, Backend backend, bool localhostNodePorts)
    {
        var format = backend == Backend.Iptables ? RulesetFormat.Iptables : RulesetFormat.Nft;
        var layout = backend == Backend.NftKubeProxy ? NftServiceLayout.KubeProxy : NftServiceLayout.Compact;
        var result = PolicyCompiler.Compile(new Cluster(localhostNodePorts).Build(), new[] { format }, layout);
        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        string text = result.Rulesets.Single().Text;

        var s = new LocalhostNodePortScenario(backend, localhostNodePorts);
        NetNamespace node = s.AddHost("node", create);
        node.EnableForwarding();
        node.Exec("sysctl -qw net.ipv4.conf.all.route_localnet=1").EnsureSuccess("route_localnet, as kube-proxy sets it");
        int n = 0;
        foreach (string address in WebEndpoints)
        {
            string gateway = $"169.254.{++n}.1";
            NetNamespace pod = s.AddHost("pod" + n, create);
            Link link = Topology.Connect(pod, address + "/32", node, gateway + "/32");
            Topology.AddDeviceRoute(pod, gateway + "/32", link.InterfaceA);
            Topology.AddDefaultRoute(pod, gateway);
            Topology.AddDeviceRoute(node, address + "/32", link.InterfaceB);
            s.Serve(Traffic.StartTcpServer(pod, address, 8080, address));
        }

        if (backend == Backend.Iptables)
        {
            KernelRulesets.ApplyAndSave(node, text, IpFamily.V4, PolicyName + ".iptables");
        }
        else
        {
            BackendLoader.LoadNft(node, PolicyName + ".nft", text);
        }
        s.Rulesets = result.Rulesets.Single().FileName + ":\n" + text;
        return s;
    }

    public override IReadOnlyList<Flow> Flows => new Flow[]
    {
        // Twenty connections: both endpoints answer one of them unless something is wrong (a miss is a chance of 2 in a million).
        new($"node to {NodePortAddress}:{NodePort} (localhost NodePorts {(_localhostNodePorts ? "on" : "off")})", "node", FlowKind.TcpMany,
            NodePortAddress, NodePort,
            _localhostNodePorts ? $"Connected{{{string.Join(", ", WebEndpoints.Order(StringComparer.Ordinal))}}}" : AllRefused, 20,
            NftExpected: AllRefused),
    };
}
