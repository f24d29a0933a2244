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
                    CheckService(s, bag);
                    break;
            }
        }
        if (policy.Cluster.ClusterCidr is { } cidr)
        {
            ValueRules.CheckNetwork(cidr, policy.Location, bag);
        }
        ValueRules.CheckMasqueradeBit(policy.Cluster.MasqueradeBit, policy.Location, bag);
    }

    private static void CheckService(ServiceIntent service, DiagnosticBag bag)
    {
        var at = service.Location;
        RequirePorts(service.Protocol, at, bag);
        ValueRules.CheckHostAddress(service.ClusterIp, at, bag);
        ValueRules.CheckPort(service.Port, at, bag);
        if (service.NodePort is { } nodePort)
        {
            ValueRules.CheckPort(nodePort, at, bag);
        }
        if (service.Endpoints.Count == 0)
        {
            bag.Report(DiagnosticCatalog.ServiceWithoutEndpoints, at, service.ServicePortName);
        }
        var families = new List<IpFamily>();
        foreach (var endpoint in service.Endpoints)
        {
            ValueRules.CheckHostAddress(endpoint.Address, at, bag);
            ValueRules.CheckPort(endpoint.Port, at, bag);
            if (IpNetwork.TryParse(endpoint.Address, out var network, out _))
            {
                families.Add(network.Family);
            }
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
