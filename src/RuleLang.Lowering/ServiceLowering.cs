using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Lowering.RuleFactory;

namespace RuleLang.Lowering;

/// <summary>
/// Service ports in the shape kube-proxy's iptables mode gives them (pkg/proxy/iptables, syncProxyRules): nat
/// KUBE-SERVICES sends each cluster IP, external IP and load balancer IP to the port's chains, KUBE-NODEPORTS its
/// NodePort; KUBE-SVC-… (Cluster policy) and KUBE-SVL-… (Local policy) pick an endpoint with probabilities 1/n,
/// 1/(n-1), … and the last unconditionally; KUBE-EXT-… handles external traffic, KUBE-FW-… load balancer source
/// ranges; each KUBE-SEP-… marks hairpin traffic for masquerade and DNATs. A port without usable endpoints gets
/// REJECT (or, under Local policy with none on this node, DROP) in the filter table instead.
/// </summary>
internal static class ServiceLowering
{
    /// <summary>Above this many endpoints kube-proxy leaves the per-endpoint comments out, to keep the ruleset small.</summary>
    private const int LargeClusterEndpointsThreshold = 1000;

    private static readonly JumpTarget ToMarkMasq = new(KubeProxyChains.MarkMasq);

    public static void Lower(IReadOnlyList<ServiceIntent> services, ClusterSettings cluster, PolicyDraft draft)
    {
        if (services.Count == 0)
        {
            return;
        }
        var at = services[0].Location;
        var byFamily = ServicePortPlan.ByFamily(services, cluster);
        var families = byFamily.Select(f => f.Family).ToArray();
        IpFamily? pin = families.Length == 1 ? families[0] : null;
        var chains = KubeProxyChains.Declare(draft, cluster, families, pin, at);
        foreach (var (family, ports) in byFamily)
        {
            bool large = ports.Sum(p => p.Service.Endpoints.Count) > LargeClusterEndpointsThreshold;
            foreach (var plan in ports)
            {
                new ServicePortLowering(plan, cluster, large, draft, chains).Lower();
            }
        }
        chains.Finish(cluster, families, pin, at);
    }

    /// <summary>One service port's rules, rendered from its plan in the order kube-proxy writes them.</summary>
    private sealed class ServicePortLowering
    {
        private readonly ServicePortPlan _plan;
        private readonly ClusterSettings _cluster;
        private readonly IpFamily _family;
        private readonly bool _large;
        private readonly PolicyDraft _draft;
        private readonly KubeProxyChains _chains;
        private readonly SourceLocation _at;
        private readonly string _name;
        private readonly ProtocolMatch _proto;

        public ServicePortLowering(ServicePortPlan plan, ClusterSettings cluster, bool large, PolicyDraft draft, KubeProxyChains chains)
        {
            _plan = plan;
            _cluster = cluster;
            _family = plan.Family;
            _large = large;
            _draft = draft;
            _chains = chains;
            _at = plan.Service.Location;
            _name = plan.Name;
            _proto = Proto(plan.Service.Protocol);
        }

        public void Lower()
        {
            var plan = _plan;
            var externalIps = plan.ExternalIps;
            var loadBalancerIps = plan.LoadBalancerIps;
            bool hasAny = plan.DispatchesExternal;
            bool hasInternal = plan.InternalNoEndpoints is null;
            bool hasExternal = plan.ExternalNoEndpoints is null;
            bool usesFirewall = plan.Traffic.UsesFirewallChain;

            string externalChain = plan.Chains.External;
            string firewallChain = plan.Chains.Firewall;
            string internalChain = plan.InternalChain;
            string loadBalancerChain = plan.LoadBalancerChain;

            // What the filter table does with traffic that has nowhere to go (the plan's no-endpoint verdict).
            var internalFilter = plan.NoEndpointVerdict == NoEndpointVerdict.Drop ? VerdictTarget.Drop : (Target)new RejectTarget();
            var externalFilter = internalFilter;
            var internalFilterComment = Comment(_name + (plan.NoEndpointVerdict == NoEndpointVerdict.Drop ? " has no local endpoints" : " has no endpoints"));
            var externalFilterComment = internalFilterComment;

            var clusterIp = Dst(plan.ClusterIp);
            var port = Dport(plan.Port);
            var clusterIpComment = Comment(_name + " cluster IP");

            // Capture the cluster IP.
            if (hasInternal)
            {
                Add(_chains.NatServices, new JumpTarget(internalChain), clusterIpComment, _proto, clusterIp, port);
            }
            else
            {
                Add(_chains.FilterServices, internalFilter, internalFilterComment, _proto, clusterIp, port);
            }

            // Capture external IPs.
            foreach (var externalIp in externalIps)
            {
                if (hasAny)
                {
                    Add(_chains.NatServices, new JumpTarget(externalChain), Comment(_name + " external IP"), _proto, Dst(externalIp), port);
                }
                if (!hasExternal)
                {
                    Add(_chains.FilterExternalServices, externalFilter, externalFilterComment, _proto, Dst(externalIp), port);
                }
            }

            // Capture load balancer IPs.
            foreach (var loadBalancerIp in loadBalancerIps)
            {
                if (hasAny)
                {
                    Add(_chains.NatServices, new JumpTarget(loadBalancerChain), Comment(_name + " loadbalancer IP"), _proto, Dst(loadBalancerIp), port);
                }
                if (usesFirewall)
                {
                    Add(_chains.FilterProxyFirewall, VerdictTarget.Drop, Comment(_name + " traffic not accepted by " + firewallChain), _proto, Dst(loadBalancerIp), port);
                }
            }
            if (!hasExternal)
            {
                foreach (var loadBalancerIp in loadBalancerIps)
                {
                    Add(_chains.FilterExternalServices, externalFilter, externalFilterComment, _proto, Dst(loadBalancerIp), port);
                }
            }

            // Capture the NodePort. NodePorts are not subject to the load balancer source ranges, in kube-proxy either.
            if (plan.NodePort is { } nodePort)
            {
                if (hasAny)
                {
                    CountLocalhostNodePort(externalChain, nodePort);
                    Add(_chains.NatNodePorts, new JumpTarget(externalChain), Comment(_name), _proto, Dport(nodePort));
                }
                if (!hasExternal)
                {
                    Add(_chains.FilterExternalServices, externalFilter, externalFilterComment,
                        new AddressTypeMatch(AddressSide.Destination, AddressType.Local), _proto, Dport(nodePort));
                }
            }

            if (plan.Service.HealthCheckNodePort is { } healthCheck)
            {
                Add(_chains.FilterNodePorts, VerdictTarget.Accept, Comment(_name + " health check node port"), Proto(Protocol.Tcp), Dport(healthCheck));
            }

            // Internal traffic: masquerade what comes from outside the cluster (or everything, with --masquerade-all).
            if (hasInternal)
            {
                var chain = Chain(internalChain);
                if (plan.ClusterIpMasquerade == ClusterIpMasquerade.All)
                {
                    Add(chain, ToMarkMasq, clusterIpComment, _proto, clusterIp, port);
                }
                else if (plan.ClusterIpMasquerade == ClusterIpMasquerade.FromOutsideCluster)
                {
                    Add(chain, ToMarkMasq, clusterIpComment, _proto, clusterIp, port, Src(plan.ClusterCidr!, negated: true));
                }
            }

            if (plan.Traffic.UsesExternalChain)
            {
                LowerExternalChain(hasExternal);
            }

            if (usesFirewall)
            {
                LowerFirewallChain(firewallChain, externalChain);
            }

            if (plan.ClusterPicks.Count > 0)
            {
                LowerEndpointChoice(plan.Chains.Cluster, plan.ClusterPicks);
            }
            if (plan.LocalPicks.Count > 0)
            {
                LowerEndpointChoice(plan.Chains.Local, plan.LocalPicks);
            }
            foreach (var endpoint in plan.ReachableEndpoints)
            {
                LowerEndpointChain(endpoint);
            }
        }

        /// <summary>
        /// kube-proxy's nfacct counter of localhost NodePort traffic: an IPv4 copy of the NodePort rule, for
        /// 127.0.0.0/8 only, that counts and jumps where the plain rule after it would.
        /// </summary>
        private void CountLocalhostNodePort(string externalChain, int nodePort)
        {
            if (_cluster.NfacctCounters && _cluster.LocalhostNodePorts && _family == IpFamily.IPv4)
            {
                Add(_chains.NatNodePorts, new JumpTarget(externalChain), Comment(_name), _proto, Dst("127.0.0.0/8"), Dport(nodePort),
                    new NfacctMatch(KubeProxyChains.LocalhostNodePortCounter));
            }
        }

        private void LowerExternalChain(bool hasExternal)
        {
            var ext = Chain(_plan.Chains.External);
            string clusterChain = _plan.Chains.Cluster;
            if (_plan.MasqueradesAllExternal)
            {
                // Endpoints may be on other nodes: masquerade so that replies come back through this node.
                Add(ext, ToMarkMasq, Comment("masquerade traffic for " + _name + " external destinations"));
            }
            else
            {
                if (_plan.ClusterCidr is { } cidr)
                {
                    // Pods reaching an external address are treated as if they had gone out to the load balancer and
                    // come back: neither traffic policy applies to them.
                    Add(ext, new JumpTarget(clusterChain), Comment("pod traffic for " + _name + " external destinations"), Src(cidr));
                }
                // The node itself takes the external address as its source, so its own traffic must be masqueraded.
                Add(ext, ToMarkMasq, Comment("masquerade LOCAL traffic for " + _name + " external destinations"),
                    new AddressTypeMatch(AddressSide.Source, AddressType.Local));
                Add(ext, new JumpTarget(clusterChain), Comment("route LOCAL traffic for " + _name + " external destinations"),
                    new AddressTypeMatch(AddressSide.Source, AddressType.Local));
            }
            if (hasExternal)
            {
                Add(ext, new JumpTarget(_plan.ExternalPolicyChain));
            }
        }

        private void LowerFirewallChain(string firewallChain, string externalChain)
        {
            var fw = Chain(firewallChain);
            var comment = Comment(_name + " loadbalancer IP");
            // The source ranges, and the load balancer IPs when the node may reach its own VIP (see FirewallSources).
            foreach (var source in _plan.FirewallSources)
            {
                Add(fw, new JumpTarget(externalChain), comment, Src(source));
            }
            // What reaches the end was not DNATed, and KUBE-PROXY-FIREWALL in filter drops it; this rule only counts it.
            Add(fw, NoTarget.Instance, Comment("other traffic to " + _name + " will be dropped by KUBE-PROXY-FIREWALL"));
        }

        private void LowerEndpointChoice(string chainName, IReadOnlyList<EndpointPick> picks)
        {
            var chain = Chain(chainName);
            if (_plan.AffinityTimeout is { } seconds)
            {
                foreach (var pick in picks)
                {
                    string sep = EndpointChain(pick.Endpoint);
                    Add(chain, new JumpTarget(sep),
                        EndpointComment(_name + " -> " + pick.Endpoint.Text), new RecentMatch(sep, RecentCommand.Rcheck, seconds, Reap: true));
                }
            }
            foreach (var pick in picks)
            {
                var comment = EndpointComment(_name + " -> " + pick.Endpoint.Text);
                var target = new JumpTarget(EndpointChain(pick.Endpoint));
                if (pick.Probability is { } probability)
                {
                    Add(chain, target, comment, new RandomMatch(probability));
                }
                else
                {
                    Add(chain, target, comment);
                }
            }
        }

        private void LowerEndpointChain(ServiceEndpoint endpoint)
        {
            string sepName = EndpointChain(endpoint);
            var sep = Chain(sepName);
            var comment = EndpointComment(_name);
            // Hairpin: an endpoint reaching its own service must see the node's address, or it would answer itself.
            Add(sep, ToMarkMasq, comment, Src(endpoint.Address));
            var dnat = new DnatTarget(endpoint.Address, PortSpan.Single(endpoint.Port));
            if (_plan.AffinityTimeout.HasValue)
            {
                Add(sep, dnat, comment, new RecentMatch(sepName, RecentCommand.Set), _proto);
            }
            else
            {
                Add(sep, dnat, comment, _proto);
            }
        }

        private string EndpointChain(ServiceEndpoint endpoint) => _plan.EndpointChain(endpoint);

        /// <summary>The comment of a per-endpoint rule, left out in a large cluster as kube-proxy does.</summary>
        private Match? EndpointComment(string text) => _large ? null : Comment(text);

        private ChainDraft Chain(string name) => _draft.UserChain(TableKind.Nat, name, _at);

        private void Add(ChainDraft chain, Target target, params Match?[] matches)
        {
            chain.Rules.Add(new Rule(NonNull(matches), target, _at) { Family = _family });
        }

        /// <summary>The matches given, less the absent ones; one exact array (a large cluster adds hundreds of thousands of rules).</summary>
        private static Match[] NonNull(Match?[] matches)
        {
            int count = 0;
            foreach (var match in matches)
            {
                count += match is null ? 0 : 1;
            }
            if (count == matches.Length)
            {
                return matches!;
            }
            var kept = new Match[count];
            int next = 0;
            foreach (var match in matches)
            {
                if (match is not null)
                {
                    kept[next++] = match;
                }
            }
            return kept;
        }
    }
}
