using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Importers.Kubernetes;

/// <summary>
/// The endpoints of one service port in one family, merged from all of the service's slices as kube-proxy merges
/// them (endpointInfoByServicePort, addEndpoints): a slice port serves the service port with the same name and
/// protocol, and its number is the endpoints' port (the API resolved targetPort, named or not, into it); an
/// endpoint of the other family is left to the other family's proxier; the same ip:port in two slices (an
/// endpoint moving between slices) is one endpoint, the local copy winning if the two disagree.
/// </summary>
internal static class EndpointMap
{
    public static IReadOnlyList<ServiceEndpoint> For(
        IEnumerable<KubeEndpointSlice> slices, string portName, Protocol protocol, IpFamily family, string? nodeName)
    {
        var byText = new Dictionary<string, ServiceEndpoint>(StringComparer.Ordinal);
        // kube-proxy walks a map of slices, so which duplicate it meets first is unspecified; slice name order is
        // one such order, and the one that makes this deterministic.
        foreach (var slice in slices.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            foreach (var port in slice.Ports.Where(p => p.Name == portName && p.Protocol == protocol))
            {
                foreach (var endpoint in slice.Endpoints.Where(e => e.Family == family))
                {
                    bool local = !string.IsNullOrEmpty(nodeName) && endpoint.NodeName == nodeName;
                    var merged = new ServiceEndpoint(endpoint.Address, port.Port)
                    {
                        Ready = endpoint.Ready,
                        Serving = endpoint.Serving,
                        Terminating = endpoint.Terminating,
                        IsLocal = local,
                    };
                    if (!byText.ContainsKey(merged.Text) || local)
                    {
                        byText[merged.Text] = merged;
                    }
                }
            }
        }
        // Sorted by ip:port text, kube-proxy's byEndpoint order.
        return byText.Values.OrderBy(e => e.Text, StringComparer.Ordinal).ToArray();
    }
}
