using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.SourceWriters;

/// <summary>Intents and cluster settings as .rl statements (redirect, forward, masquerade, service, cluster).</summary>
internal sealed class RlIntentWriter
{
    private readonly List<PolicyDiagnostic> _diagnostics;

    public RlIntentWriter(List<PolicyDiagnostic> diagnostics) => _diagnostics = diagnostics;

    public IReadOnlyList<string> Cluster(ClusterSettings cluster)
    {
        var lines = new List<string>();
        if (cluster.ClusterCidr is { } cidr)
        {
            lines.Add("cluster cidr " + cidr);
        }
        if (cluster.MasqueradeBit != ClusterSettings.Default.MasqueradeBit)
        {
            lines.Add("cluster masquerade-bit " + RlSyntax.Number(cluster.MasqueradeBit));
        }
        lines.AddRange(cluster.NodeIps.Select(ip => "cluster node-ip " + ip));
        lines.AddRange(cluster.ServiceCidrs.Select(cidr => "cluster service-cidr " + cidr));
        lines.AddRange(cluster.NodePortAddresses.Select(cidr => "cluster nodeport-address " + cidr));
        if (cluster.MasqueradeAll)
        {
            lines.Add("cluster masquerade-all");
        }
        if (cluster.LocalhostNodePorts)
        {
            lines.Add("cluster localhost-nodeports");
        }
        if (cluster.NfacctCounters)
        {
            lines.Add("cluster nfacct");
        }
        if (!cluster.RandomFully)
        {
            lines.Add("cluster random-fully off");
        }
        return lines;
    }

    public string? Write(Intent intent)
    {
        switch (intent)
        {
            case PortRedirectIntent r when PortProtocol(r.Protocol, intent, "redirect") is { } protocol && Iif(r.InInterface, intent) is { } iif:
                return $"redirect {protocol} port {RlSyntax.Number(r.FromPort)} to {RlSyntax.Number(r.ToPort)}{iif}";
            case PortForwardIntent f when PortProtocol(f.Protocol, intent, "forward") is { } protocol && Iif(f.InInterface, intent) is { } iif:
                return $"forward {protocol} port {RlSyntax.Number(f.Port)}{iif} to {HostPort(f.ToAddress, f.ToPort)}";
            case MasqueradeIntent m when Oif(m.OutInterface, intent) is { } oif:
                return "masquerade" + oif + (m.SourceCidr is { } source ? " saddr " + source : "");
            case ServiceIntent s:
                if (!RlSyntax.IsName(s.Namespace) || !RlSyntax.IsName(s.Name) || (s.PortName.Length > 0 && !RlSyntax.IsName(s.PortName)))
                {
                    _diagnostics.Add(RlSourceWriter.Unwritable(s.Location, $"service {s.ServicePortName}", "its namespace, name and port name must be .rl names"));
                    return "# not written: service " + CommentText.Clean(s.ServicePortName);
                }
                if (s.Endpoints.FirstOrDefault(e => Conditions(e) is null) is { } unsayable)
                {
                    _diagnostics.Add(RlSourceWriter.Unwritable(s.Location, $"endpoint {unsayable.Text} of service {s.ServicePortName}",
                        "its conditions (ready and not serving, or ready while terminating) have no condition words"));
                    return "# not written: service " + CommentText.Clean(s.ServicePortName);
                }
                string port = s.PortName.Length > 0 ? " port " + s.PortName : "";
                string endpoints = s.Endpoints.Count == 0
                    ? ""
                    : " endpoints {" + string.Join(", ", s.Endpoints.Select(e => HostPort(e.Address, e.Port) + Conditions(e))) + "}";
                return $"service {s.Namespace}/{s.Name}{port} {s.Protocol.ToString().ToLowerInvariant()} {HostPort(s.ClusterIp, s.Port)}{ServiceSettings(s)}{endpoints}";
            case PortRedirectIntent or PortForwardIntent or MasqueradeIntent:
                return "# not written: " + intent.GetType().Name;
            default:
                _diagnostics.Add(RlSourceWriter.Unwritable(intent.Location, intent.GetType().Name, "the grammar has no statement for it"));
                return "# not written: " + intent.GetType().Name;
        }
    }

    /// <summary>The settings a service statement writes between its address and its endpoints, in the grammar's order.</summary>
    private static string ServiceSettings(ServiceIntent s)
    {
        var text = new System.Text.StringBuilder();
        if (s.NodePort is { } nodePort)
        {
            text.Append(" nodeport ").Append(RlSyntax.Number(nodePort));
        }
        AddressList(text, "external-ips", s.ExternalIps);
        AddressList(text, "lb-ips", s.LoadBalancerIps);
        AddressList(text, "lb-source-ranges", s.LoadBalancerSourceRanges);
        if (s.ExternalTrafficPolicy == TrafficPolicy.Local)
        {
            text.Append(" external-policy local");
        }
        if (s.InternalTrafficPolicy == TrafficPolicy.Local)
        {
            text.Append(" internal-policy local");
        }
        if (s.SessionAffinityTimeout is { } timeout)
        {
            text.Append(" affinity client-ip");
            if (timeout != ServiceIntent.DefaultAffinityTimeout)
            {
                text.Append(" timeout ").Append(RlSyntax.Number(timeout));
            }
        }
        if (s.HealthCheckNodePort is { } healthCheck)
        {
            text.Append(" health-check-nodeport ").Append(RlSyntax.Number(healthCheck));
        }
        return text.ToString();
    }

    private static void AddressList(System.Text.StringBuilder text, string keyword, IReadOnlyList<string> addresses)
    {
        if (addresses.Count > 0)
        {
            text.Append(' ').Append(keyword).Append(" { ").Append(string.Join(", ", addresses)).Append(" }");
        }
    }

    /// <summary>
    /// The condition words the parser reads back to these conditions ("" for the default, ready and serving), or
    /// null when no words say them.
    /// </summary>
    private static string? Conditions(ServiceEndpoint e)
    {
        string local = e.IsLocal ? " local" : "";
        return (e.Ready, e.Serving, e.Terminating) switch
        {
            (true, true, false) => local,
            (false, false, false) => local + " not-ready",
            (false, true, false) => local + " not-ready serving",
            (false, false, true) => local + " terminating",
            (false, true, true) => local + " terminating serving",
            _ => null,
        };
    }

    private string? PortProtocol(Protocol protocol, Intent intent, string statement)
    {
        if (protocol is Protocol.Tcp or Protocol.Udp)
        {
            return protocol.ToString().ToLowerInvariant();
        }
        _diagnostics.Add(RlSourceWriter.Unwritable(intent.Location, $"a {statement} of protocol {protocol}", "the statement takes tcp or udp"));
        return null;
    }

    private string? Iif(string? name, Intent intent) => Interface("iif", name, intent);

    private string? Oif(string? name, Intent intent) => Interface("oif", name, intent);

    private string? Interface(string keyword, string? name, Intent intent)
    {
        if (name is null)
        {
            return "";
        }
        if (RlSyntax.IsInterface(name))
        {
            return " " + keyword + " " + name;
        }
        _diagnostics.Add(RlSourceWriter.Unwritable(intent.Location, $"interface name '{name}'", "it is not a .rl name"));
        return null;
    }

    private static string HostPort(string address, int port) =>
        (IpNetwork.TryParse(address, out var host, out _) && host.Family == IpFamily.IPv6 ? "[" + address + "]" : address) + ":" + RlSyntax.Number(port);
}
