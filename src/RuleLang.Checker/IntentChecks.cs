using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Checker;

/// <summary>Checks of high-level intents, before lowering turns them into rules.</summary>
internal static class IntentChecks
{
    public static void Check(Policy policy, DiagnosticBag bag)
    {
        foreach (var intent in policy.Intents)
        {
            var at = intent.Location;
            switch (intent)
            {
                case PortRedirectIntent r:
                    RequirePorts(r.Protocol, at, bag);
                    ValueRules.CheckPort(r.FromPort, at, bag);
                    ValueRules.CheckPort(r.ToPort, at, bag);
                    CheckOptionalInterface(r.InInterface, at, bag);
                    break;
                case PortForwardIntent f:
                    RequirePorts(f.Protocol, at, bag);
                    ValueRules.CheckPort(f.Port, at, bag);
                    ValueRules.CheckPort(f.ToPort, at, bag);
                    ValueRules.CheckHostAddress(f.ToAddress, at, bag);
                    CheckOptionalInterface(f.InInterface, at, bag);
                    break;
                case MasqueradeIntent m:
                    CheckOptionalInterface(m.OutInterface, at, bag);
                    if (m.SourceCidr != null)
                    {
                        ValueRules.CheckNetwork(m.SourceCidr, at, bag);
                    }
                    break;
                case ServiceIntent s:
                    CheckService(s, policy.Cluster, bag);
                    break;
            }
        }
        CheckServicePortsUnique(policy, bag);
        if (policy.Cluster.ClusterCidr is { } cidr)
        {
            ValueRules.CheckNetwork(cidr, policy.Location, bag);
        }
        CheckServiceCidrs(policy, bag);
        foreach (var nodeIp in policy.Cluster.NodeIps)
        {
            ValueRules.CheckHostAddress(nodeIp, policy.Location, bag);
        }
        foreach (var nodePortCidr in policy.Cluster.NodePortAddresses)
        {
            ValueRules.CheckNetwork(nodePortCidr, policy.Location, bag);
        }
        ValueRules.CheckMasqueradeBit(policy.Cluster.MasqueradeBit, policy.Location, bag);
    }

    /// <summary>Each service CIDR is a network (no host bits); like kube-proxy's --service-cluster-ip-range, one per family.</summary>
    private static void CheckServiceCidrs(Policy policy, DiagnosticBag bag)
    {
        var firstOfFamily = new Dictionary<IpFamily, string>();
        foreach (string cidr in policy.Cluster.ServiceCidrs)
        {
            ValueRules.CheckNetwork(cidr, policy.Location, bag);
            if (!IpNetwork.TryParse(cidr, out var network, out _))
            {
                continue;
            }
            if (firstOfFamily.TryGetValue(network.Family, out var first))
            {
                bag.Report(DiagnosticCatalog.ServiceCidrTwice, policy.Location, cidr, first, network.Family == IpFamily.IPv4 ? "IPv4" : "IPv6");
            }
            else
            {
                firstOfFamily[network.Family] = cidr;
            }
        }
    }

    private static void CheckService(ServiceIntent service, ClusterSettings cluster, DiagnosticBag bag)
    {
        var at = service.Location;
        CheckKubernetesName("namespace", service.Namespace, at, bag);
        CheckKubernetesName("service name", service.Name, at, bag);
        if (service.PortName.Length > 0)
        {
            CheckPortName(service.PortName, at, bag);
        }
        RequirePorts(service.Protocol, at, bag);
        ValueRules.CheckHostAddress(service.ClusterIp, at, bag);
        ValueRules.CheckPort(service.Port, at, bag);
        if (service.NodePort is { } nodePort)
        {
            ValueRules.CheckPort(nodePort, at, bag);
        }
        if (service.HealthCheckNodePort is { } healthCheck)
        {
            ValueRules.CheckPort(healthCheck, at, bag);
        }
        if (service.SessionAffinityTimeout is { } timeout && (timeout < 1 || timeout > ServiceIntent.MaxAffinityTimeout))
        {
            bag.Report(DiagnosticCatalog.AffinityTimeoutOutOfRange, at, service.ServicePortName, timeout);
        }
        foreach (var address in service.ExternalIps.Concat(service.LoadBalancerIps))
        {
            ValueRules.CheckHostAddress(address, at, bag);
        }
        foreach (var range in service.LoadBalancerSourceRanges)
        {
            ValueRules.CheckNetwork(range, at, bag);
        }
        foreach (var endpoint in service.Endpoints)
        {
            ValueRules.CheckHostAddress(endpoint.Address, at, bag);
            ValueRules.CheckPort(endpoint.Port, at, bag);
        }
        if (IpNetwork.TryParse(service.ClusterIp, out var clusterIp, out _))
        {
            var other = service.Endpoints.FirstOrDefault(e => IpNetwork.TryParse(e.Address, out var n, out _) && n.Family != clusterIp.Family);
            if (other != null)
            {
                var v4 = clusterIp.Family == IpFamily.IPv4 ? service.ClusterIp : other.Address;
                var v6 = clusterIp.Family == IpFamily.IPv6 ? service.ClusterIp : other.Address;
                bag.Report(DiagnosticCatalog.MixedAddressFamilies, at, v4, v6);
            }
            ExplainPlan(service, ServicePortPlan.For(service, cluster), bag);
        }
    }

    /// <summary>
    /// What kube-proxy would do that the user may not expect: settings it ignores, and traffic it refuses for
    /// want of endpoints (a REJECT or a DROP, which every back end renders from the same plan, not an error).
    /// </summary>
    private static void ExplainPlan(ServiceIntent service, ServicePortPlan port, DiagnosticBag bag)
    {
        var plan = port.Traffic;
        var at = service.Location;
        string name = service.ServicePortName;
        string family = plan.Family == IpFamily.IPv4 ? "IPv4" : "IPv6";
        foreach (var address in service.ExternalIps.Except(plan.ExternalIps).Concat(service.LoadBalancerIps.Except(plan.LoadBalancerIps)))
        {
            bag.Report(DiagnosticCatalog.IgnoredServiceSetting, at, name, $"the address {ValueRules.Printable(address)}",
                $"the cluster IP is {family} and kube-proxy serves each family apart; declare the service's other family with its own cluster IP");
        }
        if (service.LoadBalancerSourceRanges.Count > 0 && plan.LoadBalancerIps.Count == 0)
        {
            bag.Report(DiagnosticCatalog.IgnoredServiceSetting, at, name, "loadBalancerSourceRanges",
                "the service has no load balancer IP of its family (NodePorts are not subject to source ranges)");
        }
        if (service.ExternalTrafficPolicy == TrafficPolicy.Local && !plan.ExternalLocal)
        {
            bag.Report(DiagnosticCatalog.IgnoredServiceSetting, at, name, "externalTrafficPolicy Local",
                "the service has neither a NodePort nor a load balancer IP");
        }
        if (service.HealthCheckNodePort.HasValue && !plan.ExternalLocal)
        {
            bag.Report(DiagnosticCatalog.IgnoredServiceSetting, at, name, "healthCheckNodePort",
                "only a load balancer with externalTrafficPolicy Local has one (the port is still opened in filter KUBE-NODEPORTS)");
        }
        if (port.NoEndpointVerdict == NoEndpointVerdict.Reject)
        {
            bag.Report(DiagnosticCatalog.ServiceWithoutEndpoints, at, name);
            return;
        }
        if (port.InternalNoEndpoints is not null)
        {
            bag.Report(DiagnosticCatalog.NoLocalEndpoints, at, name, "cluster IP (internalTrafficPolicy Local)", "KUBE-SERVICES");
        }
        if (plan.ExternallyAccessible && port.ExternalNoEndpoints is not null)
        {
            bag.Report(DiagnosticCatalog.NoLocalEndpoints, at, name, "external (externalTrafficPolicy Local)", "KUBE-EXTERNAL-SERVICES");
        }
    }

    /// <summary>kube-proxy programs one set of chains per service port name, protocol and family: two intents must not share one.</summary>
    private static void CheckServicePortsUnique(Policy policy, DiagnosticBag bag)
    {
        var seen = new HashSet<(string, Protocol, IpFamily?)>();
        foreach (var service in policy.Intents.OfType<ServiceIntent>())
        {
            var family = ServiceTrafficPlan.FamilyOf(service.ClusterIp);
            if (!seen.Add((service.ServicePortName, service.Protocol, family)))
            {
                bag.Report(DiagnosticCatalog.ServicePortTwice, service.Location, service.ServicePortName,
                    service.Protocol.ToString().ToLowerInvariant(), family == IpFamily.IPv6 ? "IPv6" : "IPv4");
            }
        }
    }

    /// <summary>
    /// Namespaces and service names are DNS labels (RFC 1123): the API refuses anything else, so kube-proxy never
    /// sees it. They end up in chain comments, so refusing them also keeps a name from rewriting the ruleset.
    /// </summary>
    private static void CheckKubernetesName(string what, string name, SourceLocation at, DiagnosticBag bag)
    {
        if (name.Length == 0 || name.Length > 63)
        {
            bag.Report(DiagnosticCatalog.NotAKubernetesName, at, what, ValueRules.Printable(name), "it must be 1 to 63 characters long");
        }
        else if (!name.All(c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') || name[0] == '-' || name[name.Length - 1] == '-')
        {
            bag.Report(DiagnosticCatalog.NotAKubernetesName, at, what, ValueRules.Printable(name),
                "use lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
    }

    /// <summary>A port name is an IANA service name: at most 15 of a-z, 0-9 and '-', a letter among them, no '--'.</summary>
    private static void CheckPortName(string name, SourceLocation at, DiagnosticBag bag)
    {
        bool valid = name.Length <= 15
            && name.All(c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')
            && name.Any(c => c >= 'a' && c <= 'z')
            && name[0] != '-' && name[name.Length - 1] != '-' && name.IndexOf("--", System.StringComparison.Ordinal) < 0;
        if (!valid)
        {
            bag.Report(DiagnosticCatalog.NotAKubernetesName, at, "port name", ValueRules.Printable(name),
                "a port name is at most 15 lower-case letters, digits and '-', with at least one letter, no '--' and no '-' at either end");
        }
    }

    private static void RequirePorts(Protocol protocol, SourceLocation at, DiagnosticBag bag)
    {
        if (protocol is not (Protocol.Tcp or Protocol.Udp or Protocol.Sctp))
        {
            bag.Report(DiagnosticCatalog.PortWithoutProtocol, at, "destination", Describe.Protocol(protocol));
        }
    }

    private static void CheckOptionalInterface(string? name, SourceLocation at, DiagnosticBag bag)
    {
        if (name != null)
        {
            ValueRules.CheckInterfaceName(name, at, bag);
        }
    }
}
