using System;
using System.Collections.Generic;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Tests.Kube;

/// <summary>
/// One small cluster per kube-proxy feature, written with the C# DSL. Each is emitted and compared with a golden
/// file whose every line was checked against kube-proxy's syncProxyRules (pkg/proxy/iptables/proxier.go) and the
/// shapes of its proxier_test.go outputs; the names come from the hash, never typed in.
/// </summary>
internal static class KubePolicies
{
    public static IEnumerable<PolicyDefinition> All()
    {
        yield return new Defined("seed-ingress-nginx", p =>
        {
            p.ClusterCidr("10.0.0.0/16");
            p.Service("ingress-nginx", "ingress-nginx-controller")
                .ClusterIp("10.102.84.62")
                .Port("http", Protocol.Tcp, 80, nodePort: 32096)
                .Port("https", Protocol.Tcp, 443, nodePort: 30482)
                .Endpoints("10.0.0.97", "10.0.0.174");
        });
        yield return new Defined("nodeport-udp-sctp", p =>
        {
            p.ClusterCidr("10.244.0.0/16");
            p.Service("kube-system", "kube-dns").ClusterIp("10.96.0.10")
                .Port("dns", Protocol.Udp, 53).Port("dns-tcp", Protocol.Tcp, 53)
                .Endpoints("10.244.0.2", "10.244.0.3");
            p.Service("telco", "diameter").ClusterIp("10.96.0.30").Port("", Protocol.Sctp, 3868, nodePort: 30868).Endpoints("10.244.1.5");
        });
        yield return new Defined("loadbalancer-source-ranges", p =>
        {
            p.ClusterCidr("10.244.0.0/16");
            p.NodeIps("192.168.0.10");
            p.Service("web", "front").ClusterIp("10.96.0.40")
                .Port("https", Protocol.Tcp, 443, targetPort: 8443, nodePort: 31443)
                .LoadBalancer("203.0.113.10")
                .LoadBalancerSourceRanges("198.51.100.0/24", "192.168.0.0/24")
                .Endpoints("10.244.1.20", "10.244.2.20");
        });
        yield return new Defined("external-ips", p =>
        {
            p.ClusterCidr("10.244.0.0/16");
            p.Service("web", "legacy").ClusterIp("10.96.0.50").Port("http", Protocol.Tcp, 80)
                .ExternalIps("192.0.2.50").Endpoints("10.244.1.30");
        });
        yield return new Defined("external-traffic-local", p =>
        {
            p.ClusterCidr("10.244.0.0/16");
            p.Service("web", "edge").ClusterIp("10.96.0.60")
                .Port("http", Protocol.Tcp, 80, nodePort: 30060)
                .LoadBalancer("203.0.113.60").HealthCheckNodePort(32000)
                .ExternalTrafficPolicy(TrafficPolicy.Local)
                .Endpoint("10.244.1.60", local: true).Endpoint("10.244.2.60");
            p.Service("web", "edge-elsewhere").ClusterIp("10.96.0.61")
                .Port("http", Protocol.Tcp, 80, nodePort: 30061)
                .ExternalTrafficPolicy(TrafficPolicy.Local)
                .Endpoints("10.244.2.61");
        });
        yield return new Defined("internal-traffic-local", p =>
        {
            p.ClusterCidr("10.244.0.0/16");
            p.Service("metrics", "node-agent").ClusterIp("10.96.0.70").Port("metrics", Protocol.Tcp, 9100)
                .InternalTrafficPolicy(TrafficPolicy.Local)
                .Endpoint("10.244.1.70", local: true).Endpoint("10.244.2.70");
            p.Service("metrics", "node-agent-elsewhere").ClusterIp("10.96.0.71").Port("metrics", Protocol.Tcp, 9100)
                .InternalTrafficPolicy(TrafficPolicy.Local)
                .Endpoints("10.244.2.71");
        });
        yield return new Defined("session-affinity", p =>
        {
            p.ClusterCidr("10.244.0.0/16");
            p.Service("shop", "cart").ClusterIp("10.96.0.80").Port("http", Protocol.Tcp, 80, targetPort: 8080)
                .SessionAffinity(600).Endpoints("10.244.1.80", "10.244.2.80", "10.244.3.80");
        });
        yield return new Defined("no-endpoints", p =>
        {
            p.ClusterCidr("10.244.0.0/16");
            p.Service("shop", "empty").ClusterIp("10.96.0.90").Port("http", Protocol.Tcp, 80, nodePort: 30090)
                .ExternalIps("192.0.2.90");
        });
        yield return new Defined("terminating-fallback", p =>
        {
            p.ClusterCidr("10.244.0.0/16");
            // No endpoint is ready: the two that still serve while terminating are used, the one that does not is not.
            p.Service("shop", "draining").ClusterIp("10.96.0.100").Port("http", Protocol.Tcp, 80)
                .Endpoint("10.244.1.100", ready: false, serving: true, terminating: true)
                .Endpoint("10.244.2.100", ready: false, serving: false, terminating: true)
                .Endpoint("10.244.3.100", ready: false, serving: true, terminating: true);
            // One endpoint is ready: the terminating one is left out.
            p.Service("shop", "rolling").ClusterIp("10.96.0.101").Port("http", Protocol.Tcp, 80)
                .Endpoint("10.244.1.101")
                .Endpoint("10.244.2.101", ready: false, serving: true, terminating: true);
        });
        yield return new Defined("dual-stack", p =>
        {
            p.ClusterCidr("10.244.0.0/16");
            p.Service("web", "dual").ClusterIp("10.96.0.110", "fd00:10:96::110")
                .Port("http", Protocol.Tcp, 80, nodePort: 30110)
                .Endpoints("10.244.1.110", "fd00:10:244:1::110");
        });
        yield return new Defined("masquerade-all", p =>
        {
            p.ClusterCidr("10.244.0.0/16");
            p.MasqueradeAll();
            p.RandomFully(false);
            p.LocalhostNodePorts(true);
            p.Service("default", "kubernetes").ClusterIp("10.96.0.1").Port("https", Protocol.Tcp, 443, targetPort: 6443)
                .Endpoints("192.168.0.10");
        });
    }

    /// <summary>A policy class whose rules a lambda writes, so that a case reads as one block.</summary>
    private sealed class Defined : PolicyDefinition
    {
        private readonly Action<PolicyBuilder> _define;

        public Defined(string name, Action<PolicyBuilder> define)
        {
            Name = name;
            _define = define;
        }

        public override string Name { get; }

        protected override void Define(PolicyBuilder p) => _define(p);
    }
}
