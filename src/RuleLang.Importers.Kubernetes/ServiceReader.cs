using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Importers.Kubernetes;

/// <summary>
/// Reads a v1 Service the way kube-proxy's service change tracker does (pkg/proxy/servicechangetracker.go,
/// serviceport.go): services it does not proxy are skipped with a note, the cluster IP of each family is the one
/// ipFamilies and clusterIPs pair up (or clusterIP alone, for objects written before dual stack), and the
/// settings that only apply to some service types are kept only where they apply.
/// </summary>
internal sealed class ServiceReader
{
    /// <summary>A service with this label belongs to another proxy; kube-proxy's informer never sees it.</summary>
    public const string ServiceProxyNameLabel = "service.kubernetes.io/service-proxy-name";

    private readonly ImportReporter _reporter;

    public ServiceReader(ImportReporter reporter) => _reporter = reporter;

    public KubeService? Read(JsonCursor item, string ns, string name, JsonCursor? labels)
    {
        string display = ns + "/" + name;
        if (labels?.Member(ServiceProxyNameLabel) is { } proxyName)
        {
            _reporter.Report(DiagnosticCatalog.KubeServiceSkipped, proxyName.Path, display,
                $"its {ServiceProxyNameLabel} label hands it to another proxy");
            return null;
        }
        if (item.Object("spec", required: true) is not { } spec)
        {
            return null;
        }
        string type = spec.OneOf("type", "ClusterIP", "NodePort", "LoadBalancer", "ExternalName") ?? "ClusterIP";
        if (type == "ExternalName")
        {
            _reporter.Report(DiagnosticCatalog.KubeServiceSkipped, spec.Path + ".type", display, "an ExternalName service is a DNS alias, with nothing to proxy");
            return null;
        }
        string? clusterIp = spec.String("clusterIP");
        if (clusterIp is null or "" or "None")
        {
            _reporter.Report(DiagnosticCatalog.KubeServiceSkipped, spec.Path + ".clusterIP", display,
                clusterIp == "None" ? "it is headless (clusterIP None): DNS names its pods directly" : "it has no cluster IP");
            return null;
        }
        var clusterIps = ClusterIps(spec, clusterIp);
        if (clusterIps.Count == 0)
        {
            return null;
        }

        var ports = Ports(spec);
        if (ports.Count == 0)
        {
            _reporter.Report(DiagnosticCatalog.KubeServiceSkipped, spec.Path, display, "it has no ports");
            return null;
        }
        var externalIps = Hosts(spec, "externalIPs");
        // The API's validation lets whitespace pad a source range, and kube-proxy trims it.
        var sourceRanges = spec.Strings("loadBalancerSourceRanges")
            .Select(r => Lenient(r.Value.Trim(), r.Path, Addresses.OfCidr, "an IPv4 or IPv6 CIDR such as 203.0.113.0/24 is expected"))
            .OfType<string>()
            .ToArray();

        bool externallyAccessible = type is "LoadBalancer" or "NodePort" || externalIps.Count > 0;
        bool externalLocal = spec.OneOf("externalTrafficPolicy", "Cluster", "Local") == "Local" && externallyAccessible;
        bool internalLocal = spec.OneOf("internalTrafficPolicy", "Cluster", "Local") == "Local";
        int? affinity = null;
        if (spec.OneOf("sessionAffinity", "None", "ClientIP") == "ClientIP")
        {
            var clientIp = spec.Object("sessionAffinityConfig")?.Object("clientIP");
            affinity = (int?)clientIp?.Integer("timeoutSeconds", 1, ServiceIntent.MaxAffinityTimeout, "a timeout of 1 to 86400 seconds is expected")
                ?? ServiceIntent.DefaultAffinityTimeout;
        }
        int? healthCheck = (int?)spec.Integer("healthCheckNodePort", 0, 65535, "a port number 1 to 65535 is expected");
        // Only a LoadBalancer with externalTrafficPolicy Local has a health check (apiservice.NeedsHealthCheck).
        if (!(type == "LoadBalancer" && externalLocal) || healthCheck == 0)
        {
            healthCheck = null;
        }

        return new KubeService(ns, name, item.Path, clusterIps, ports, externalIps, LoadBalancerIps(item), sourceRanges,
            externalLocal ? TrafficPolicy.Local : TrafficPolicy.Cluster,
            internalLocal ? TrafficPolicy.Local : TrafficPolicy.Cluster,
            affinity, healthCheck);
    }

    /// <summary>GetClusterIPByFamily for both families: ipFamilies[i] names the family of clusterIPs[i].</summary>
    private Dictionary<IpFamily, string> ClusterIps(JsonCursor spec, string clusterIp)
    {
        var byFamily = new Dictionary<IpFamily, string>();
        var families = spec.Array("ipFamilies").Select(f => (Family: f.AsString(), f.Path)).ToArray();
        var ips = spec.Strings("clusterIPs");
        if (families.Length == 0)
        {
            // An object from before dual stack: clusterIP alone, in its own family.
            if (Host(clusterIp, spec.Path + ".clusterIP") is { } only)
            {
                byFamily[Addresses.OfHost(only)!.Value] = only;
            }
            return byFamily;
        }
        for (int i = 0; i < families.Length; i++)
        {
            IpFamily? wanted = families[i].Family switch
            {
                "IPv4" => IpFamily.IPv4,
                "IPv6" => IpFamily.IPv6,
                _ => null,
            };
            if (wanted is null)
            {
                if (families[i].Family is { } other)
                {
                    _reporter.BadField(families[i].Path, $"is '{JsonCursor.Printable(other)}'", "IPv4 or IPv6 is expected");
                }
                continue;
            }
            if (i >= ips.Count)
            {
                continue;
            }
            if (Host(ips[i].Value, ips[i].Path) is not { } ip)
            {
                continue;
            }
            var found = Addresses.OfHost(ip)!.Value;
            if (found != wanted)
            {
                _reporter.BadField(ips[i].Path, $"is the {Addresses.Name(found)} address {ip}",
                    $"ipFamilies[{i}] says {Addresses.Name(wanted.Value)}, and clusterIPs must list one address of each family in that order");
                continue;
            }
            byFamily.TryAdd(found, ip);
        }
        return byFamily;
    }

    private List<KubeServicePort> Ports(JsonCursor spec)
    {
        var ports = new List<KubeServicePort>();
        foreach (var entry in spec.Array("ports"))
        {
            if (!entry.IsObject)
            {
                _reporter.BadField(entry.Path, "is not an object", "a service port such as {\"name\": \"http\", \"port\": 80, \"protocol\": \"TCP\"} is expected");
                continue;
            }
            string portName = entry.String("name") ?? "";
            var protocol = ProtocolOf(entry);
            var port = entry.Integer("port", 1, 65535, "a port number 1 to 65535 is required", required: true);
            var nodePort = entry.Integer("nodePort", 0, 65535, "a port number 1 to 65535 is expected");
            if (protocol is null || port is null)
            {
                continue;
            }
            ports.Add(new KubeServicePort(portName, protocol.Value, (int)port.Value, nodePort is > 0 ? (int)nodePort.Value : null, _reporter.Locate(entry.Path)));
        }
        return ports;
    }

    /// <summary>The API's protocol names; TCP when absent, the API's default.</summary>
    public static Protocol? ProtocolOf(JsonCursor port)
    {
        if (port.Member("protocol") is null)
        {
            return Protocol.Tcp;
        }
        return port.OneOf("protocol", "TCP", "UDP", "SCTP") switch
        {
            "TCP" => Protocol.Tcp,
            "UDP" => Protocol.Udp,
            "SCTP" => Protocol.Sctp,
            _ => null,
        };
    }

    /// <summary>status.loadBalancer.ingress IPs in VIP mode; a Proxy-mode load balancer delivers to the node itself, so kube-proxy leaves it out.</summary>
    private IReadOnlyList<string> LoadBalancerIps(JsonCursor item)
    {
        var ingress = item.Object("status")?.Object("loadBalancer")?.Array("ingress") ?? Enumerable.Empty<JsonCursor>();
        var ips = new List<string>();
        foreach (var entry in ingress)
        {
            string? ip = entry.String("ip");
            string? mode = entry.OneOf("ipMode", "VIP", "Proxy");
            if (string.IsNullOrEmpty(ip) || mode == "Proxy")
            {
                continue;
            }
            if (Host(ip!, entry.Path + ".ip") is { } address)
            {
                ips.Add(address);
            }
        }
        return ips;
    }

    private IReadOnlyList<string> Hosts(JsonCursor spec, string field) =>
        spec.Strings(field).Select(a => Host(a.Value, a.Path)).OfType<string>().ToArray();

    /// <summary>The address in canonical form, or null (reported) when it is none.</summary>
    private string? Host(string address, string path) =>
        Lenient(address, path, Addresses.OfHost, "an IPv4 or IPv6 address such as 10.96.0.10 is expected");

    /// <summary>
    /// The address or CIDR as kube-proxy reads it (<see cref="SloppyAddress"/>), in canonical form, with an RL0507
    /// note when that took away leading zeros; null, with RL0502, when it is none even so.
    /// </summary>
    private string? Lenient(string text, string path, Func<string, IpFamily?> familyOf, string expected) =>
        LenientAddress.Read(_reporter, text, path, familyOf, expected);
}
