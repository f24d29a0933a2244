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
        var byFamily = services.Select(s => (Service: s, Family: ServiceTrafficPlan.FamilyOf(s.ClusterIp) ?? IpFamily.IPv4)).ToArray();
        var families = byFamily.Select(s => s.Family).Distinct().OrderBy(f => f).ToArray();
        IpFamily? pin = families.Length == 1 ? families[0] : null;
        var chains = KubeProxyChains.Declare(draft, cluster, families, pin, at);
        foreach (var family in families)
        {
            var ofFamily = byFamily.Where(s => s.Family == family).Select(s => s.Service).ToArray();
            bool large = ofFamily.Sum(s => s.Endpoints.Count) > LargeClusterEndpointsThreshold;
            foreach (var service in ofFamily)
            {
                new ServicePortLowering(service, family, cluster, large, draft, chains).Lower();
            }
        }
        chains.Finish(cluster, families, pin, at);
    }

    /// <summary>One service port's rules, written in the order kube-proxy writes them.</summary>
    private sealed class ServicePortLowering
    {
        private readonly ServiceIntent _service;
        private readonly IpFamily _family;
        private readonly ClusterSettings _cluster;
        private readonly bool _large;
        private readonly PolicyDraft _draft;
        private readonly KubeProxyChains _chains;
        private readonly SourceLocation _at;
        private readonly string _name;
        private readonly string _protocol;
        private readonly ProtocolMatch _proto;

        public ServicePortLowering(ServiceIntent service, IpFamily family, ClusterSettings cluster, bool large, PolicyDraft draft, KubeProxyChains chains)
        {
            _service = service;
            _family = family;
            _cluster = cluster;
            _large = large;
            _draft = draft;
            _chains = chains;
            _at = service.Location;
            _name = service.ServicePortName;
            _protocol = service.Protocol.ToString().ToLowerInvariant();
            _proto = Proto(service.Protocol);
        }

        public void Lower()
        {
            var service = _service;
            var plan = ServiceTrafficPlan.For(service);
            var externalIps = plan.ExternalIps;
            var loadBalancerIps = plan.LoadBalancerIps;
            bool hasAny = plan.HasAnyEndpoints;
            bool hasInternal = plan.HasInternalEndpoints;
            bool hasExternal = plan.HasExternalEndpoints;
            bool usesFirewall = plan.UsesFirewallChain;

            var (clusterChain, localChain, externalChain, firewallChain) = KubeChainNames.ServicePortChains(_name, _protocol);
            string internalChain = plan.InternalLocal ? localChain : clusterChain;
            string externalPolicyChain = plan.ExternalLocal ? localChain : clusterChain;
            string loadBalancerChain = usesFirewall ? firewallChain : externalChain;

            // What the filter table does with traffic that has nowhere to go: no endpoint at all is refused
            // (REJECT, as for a closed port); none on this node under Local policy is dropped.
            var internalFilter = hasAny ? VerdictTarget.Drop : (Target)new RejectTarget();
            var externalFilter = internalFilter;
            var internalFilterComment = Comment(_name + (hasAny ? " has no local endpoints" : " has no endpoints"));
            var externalFilterComment = internalFilterComment;

            var clusterIp = Dst(service.ClusterIp);
            var port = Dport(service.Port);
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
            if (service.NodePort is { } nodePort)
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

            if (service.HealthCheckNodePort is { } healthCheck)
            {
                Add(_chains.FilterNodePorts, VerdictTarget.Accept, Comment(_name + " health check node port"), Proto(Protocol.Tcp), Dport(healthCheck));
            }

            // Internal traffic: masquerade what comes from outside the cluster (or everything, with --masquerade-all).
            if (hasInternal)
            {
                var chain = Chain(internalChain);
                if (_cluster.MasqueradeAll)
                {
                    Add(chain, ToMarkMasq, clusterIpComment, _proto, clusterIp, port);
                }
                else if (_cluster.ClusterCidr is { } cidr && FamilyOfNetwork(cidr) == _family)
                {
                    Add(chain, ToMarkMasq, clusterIpComment, _proto, clusterIp, port, Src(cidr, negated: true));
                }
            }

            if (plan.UsesExternalChain)
            {
                LowerExternalChain(externalChain, clusterChain, externalPolicyChain, plan.ExternalLocal, hasExternal);
            }

            if (usesFirewall)
            {
                LowerFirewallChain(firewallChain, externalChain, loadBalancerIps, plan.LoadBalancerSourceRanges);
            }

            if (plan.UsesClusterChain)
            {
                LowerEndpointChoice(clusterChain, plan.ClusterEndpoints);
            }
            if (plan.UsesLocalChain)
            {
                LowerEndpointChoice(localChain, plan.LocalEndpoints);
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

        private void LowerExternalChain(string externalChain, string clusterChain, string externalPolicyChain, bool externalLocal, bool hasExternal)
        {
            var ext = Chain(externalChain);
            if (!externalLocal)
            {
                // Endpoints may be on other nodes: masquerade so that replies come back through this node.
                Add(ext, ToMarkMasq, Comment("masquerade traffic for " + _name + " external destinations"));
            }
            else
            {
                if (_cluster.ClusterCidr is { } cidr && FamilyOfNetwork(cidr) == _family)
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
                Add(ext, new JumpTarget(externalPolicyChain));
            }
        }

        private void LowerFirewallChain(string firewallChain, string externalChain, IReadOnlyList<string> loadBalancerIps, IReadOnlyList<string> sourceRanges)
        {
            var fw = Chain(firewallChain);
            var comment = Comment(_name + " loadbalancer IP");
            bool allowFromNode = false;
            foreach (var range in sourceRanges)
            {
                Add(fw, new JumpTarget(externalChain), comment, Src(range));
                allowFromNode |= _cluster.NodeIps.Any(ip => Contains(range, ip));
            }
            if (allowFromNode)
            {
                // A VIP-like load balancer's address is often local to the node: a request from the node then
                // loops back with the VIP as its source.
                foreach (var loadBalancerIp in loadBalancerIps)
                {
                    Add(fw, new JumpTarget(externalChain), comment, Src(loadBalancerIp));
                }
            }
            // What reaches the end was not DNATed, and KUBE-PROXY-FIREWALL in filter drops it; this rule only counts it.
            Add(fw, NoTarget.Instance, Comment("other traffic to " + _name + " will be dropped by KUBE-PROXY-FIREWALL"));
        }

        private void LowerEndpointChoice(string chainName, IReadOnlyList<ServiceEndpoint> endpoints)
        {
            var chain = Chain(chainName);
            if (_service.SessionAffinityTimeout is { } seconds)
            {
                foreach (var endpoint in endpoints)
                {
                    string sep = EndpointChain(endpoint);
                    Add(chain, new JumpTarget(sep),
                        EndpointComment(_name + " -> " + endpoint.Text), new RecentMatch(sep, RecentCommand.Rcheck, seconds, Reap: true));
                }
            }
            int n = endpoints.Count;
            for (int i = 0; i < n; i++)
            {
                var endpoint = endpoints[i];
                var comment = EndpointComment(_name + " -> " + endpoint.Text);
                var target = new JumpTarget(EndpointChain(endpoint));
                if (i < n - 1)
                {
                    // kube-proxy prints 1/(n-i) with ten decimals, and the kernel keeps that rounded value.
                    Add(chain, target, comment, new RandomMatch(Math.Round(1.0 / (n - i), 10)));
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
            if (_service.SessionAffinityTimeout.HasValue)
            {
                Add(sep, dnat, comment, new RecentMatch(sepName, RecentCommand.Set), _proto);
            }
            else
            {
                Add(sep, dnat, comment, _proto);
            }
        }

        private string EndpointChain(ServiceEndpoint endpoint) => KubeChainNames.Endpoint(_name, _protocol, endpoint.Text);

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

        private static IpFamily? FamilyOfNetwork(string address) => ServiceTrafficPlan.FamilyOf(address);

        /// <summary>The range holds the address: their first prefix-length bits agree.</summary>
        private static bool Contains(string range, string address)
        {
            if (!IpNetwork.TryParse(range, out var network, out _) || !IpNetwork.TryParse(address, out var host, out _)
                || network.Family != host.Family)
            {
                return false;
            }
            byte[] a = network.GetAddressBytes();
            byte[] b = host.GetAddressBytes();
            for (int bit = 0; bit < network.PrefixLength; bit++)
            {
                int mask = 0x80 >> (bit % 8);
                if ((a[bit / 8] & mask) != (b[bit / 8] & mask))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
