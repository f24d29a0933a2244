using System.Collections.Generic;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;

namespace RuleLang.Importers.Kubernetes;

/// <summary>
/// Reads a discovery.k8s.io/v1 EndpointSlice as kube-proxy's EndpointSlice cache does
/// (pkg/proxy/endpointslicecache.go): the service from the kubernetes.io/service-name label, ports without a
/// name or a number ignored, each endpoint by its first address, conditions read with the API's meaning of an
/// absent value (ready and serving unless said otherwise, not terminating).
/// </summary>
internal sealed class EndpointSliceReader
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly ImportReporter _reporter;

    public EndpointSliceReader(ImportReporter reporter) => _reporter = reporter;

    public KubeEndpointSlice? Read(JsonCursor item, string ns, string name, JsonCursor? labels)
    {
        string display = $"EndpointSlice {ns}/{name}";
        if (labels?.Member(ServiceReader.ServiceProxyNameLabel) is { } proxyName)
        {
            _reporter.Report(DiagnosticCatalog.KubeIgnored, proxyName.Path, display, $"its {ServiceReader.ServiceProxyNameLabel} label hands it to another proxy");
            return null;
        }
        string? serviceName = labels?.String(ServiceNameLabel);
        if (string.IsNullOrEmpty(serviceName))
        {
            _reporter.Report(DiagnosticCatalog.KubeIgnored, labels?.Path ?? JsonPositions.Join(item.Path, "metadata"), display,
                $"it has no {ServiceNameLabel} label, which is how kube-proxy finds its service");
            return null;
        }
        string? addressType = item.OneOf("addressType", "IPv4", "IPv6", "FQDN");
        if (addressType == "FQDN")
        {
            _reporter.Report(DiagnosticCatalog.KubeIgnored, JsonPositions.Join(item.Path, "addressType"), display, "its endpoints are DNS names, which no rule can DNAT to");
            return null;
        }

        var ports = new List<KubeSlicePort>();
        foreach (var port in item.Array("ports"))
        {
            if (!port.IsObject)
            {
                _reporter.BadField(port.Path, "is not an object", "an endpoint port such as {\"name\": \"http\", \"port\": 8080, \"protocol\": \"TCP\"} is expected");
                continue;
            }
            var protocol = ServiceReader.ProtocolOf(port);
            var number = port.Integer("port", 0, 65535, "a port number 1 to 65535 is expected");
            string? portName = port.Member("name") is null ? null : port.String("name");
            if (protocol is null)
            {
                continue;
            }
            if (portName is null)
            {
                _reporter.Report(DiagnosticCatalog.KubeIgnored, port.Path, $"{display} port {ReporterText(number)}", "it has no name (an unnamed service port's slice port is named \"\")");
                continue;
            }
            if (number is null or 0)
            {
                _reporter.Report(DiagnosticCatalog.KubeIgnored, port.Path, $"{display} port '{portName}'", "it has no port number");
                continue;
            }
            ports.Add(new KubeSlicePort(portName, protocol.Value, (int)number.Value));
        }

        var endpoints = new List<KubeEndpoint>();
        foreach (var endpoint in item.Array("endpoints"))
        {
            if (Endpoint(endpoint, display) is { } read)
            {
                endpoints.Add(read);
            }
        }
        return new KubeEndpointSlice(ns, name, item.Path, serviceName!, ports, endpoints);
    }

    private KubeEndpoint? Endpoint(JsonCursor endpoint, string display)
    {
        if (!endpoint.IsObject)
        {
            _reporter.BadField(endpoint.Path, "is not an object", "an endpoint such as {\"addresses\": [\"10.244.1.5\"], \"conditions\": {\"ready\": true}} is expected");
            return null;
        }
        var addresses = endpoint.Strings("addresses");
        if (addresses.Count == 0)
        {
            _reporter.Report(DiagnosticCatalog.KubeIgnored, endpoint.Path, $"an endpoint of {display}", "it has no address");
            return null;
        }
        // kube-proxy uses the first address only (the API allows one today).
        var (written, path) = addresses[0];
        if (LenientAddress.Read(_reporter, written, path, Addresses.OfHost, "an IPv4 or IPv6 address is expected") is not { } address)
        {
            return null;
        }
        var family = Addresses.OfHost(address)!.Value;
        var conditions = endpoint.Object("conditions");
        bool ready = conditions?.Boolean("ready") ?? true;
        bool serving = conditions?.Boolean("serving") ?? true;
        bool terminating = conditions?.Boolean("terminating") ?? false;
        return new KubeEndpoint(address, family, ready, serving, terminating, endpoint.String("nodeName"));
    }

    private static string ReporterText(long? number) => number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "without a number";
}
