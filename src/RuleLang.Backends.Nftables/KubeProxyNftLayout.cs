using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// A policy's services in kube-proxy's nftables layout (<see cref="NftServiceLayout.KubeProxy"/>). kube-proxy keeps
/// one table per family, <c>ip kube-proxy</c> and <c>ip6 kube-proxy</c>; here they are <c>ip &lt;policy&gt;</c>
/// and <c>ip6 &lt;policy&gt;</c>, beside the policy's <c>inet &lt;policy&gt;</c>, so the script still owns only
/// tables named after the policy. Two tables rather than one inet table keep kube-proxy's names and types as they
/// are: a dual-stack service port has one chain name in both families, and each family's sets and maps have
/// their own address type.
/// </summary>
internal static class KubeProxyNftLayout
{
    /// <summary>The families a script declares and deletes for services: both, so that a family whose last service went away is emptied.</summary>
    public static readonly IReadOnlyList<IpFamily> Families = new[] { IpFamily.IPv4, IpFamily.IPv6 };

    public static IReadOnlyList<ServiceIntent> Services(Policy policy) => policy.Intents.OfType<ServiceIntent>().ToArray();

    /// <summary>The policy's service tables: none without services, else the ip and ip6 tables (body null: only deleted).</summary>
    public static IReadOnlyList<(string Family, StringBuilder? Body)> Tables(Policy policy)
    {
        var services = Services(policy);
        return services.Count == 0
            ? Array.Empty<(string, StringBuilder?)>()
            : Families.Select(f => (FamilyKeyword(f), TableBody(services, policy.Cluster, f))).ToArray();
    }

    public static IpFamily FamilyOf(ServiceIntent service) => ServiceTrafficPlan.FamilyOf(service.ClusterIp) ?? IpFamily.IPv4;

    public static string FamilyKeyword(IpFamily family) => family == IpFamily.IPv4 ? "ip" : "ip6";

    /// <summary>The body of the family's table, or null when no service is of that family (the table is then only deleted).</summary>
    public static StringBuilder? TableBody(IReadOnlyList<ServiceIntent> services, ClusterSettings cluster, IpFamily family)
    {
        var ofFamily = services.Where(s => FamilyOf(s) == family).ToArray();
        if (ofFamily.Length == 0)
        {
            return null;
        }
        // Left to grow and handed over as it is: a StringBuilder grows by adding blocks, never copying, and the
        // back end prints it block by block; one sized from an estimate, then made a string, put two arrays
        // larger than the text on the large object heap.
        var body = new StringBuilder(8192);
        KubeProxyNftTable.Write(body, family, ofFamily.Select(s => ServicePortPlan.For(s, cluster)), cluster);
        return body;
    }

    /// <summary>
    /// What this layout cannot write faithfully, as RL3101 at the service: a name nft cannot carry (the checker
    /// already refuses names that are not Kubernetes names; this guards the back end on its own), a name too
    /// long for a comment, and two services claiming one key of a verdict map (iptables tries rule after rule, so
    /// the first service wins; a map holds one verdict per key).
    /// </summary>
    public static IReadOnlyList<PolicyDiagnostic> Check(IReadOnlyList<ServiceIntent> services)
    {
        var found = new List<PolicyDiagnostic>();
        var keys = new Dictionary<string, ServiceIntent>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            bool named = true;
            foreach ((string what, string text) in new[] { ("namespace", service.Namespace), ("service name", service.Name), ("port name", service.PortName) })
            {
                if (!KubeProxyNftNames.IsNameText(text))
                {
                    named = false;
                    found.Add(Report(service.Location, $"the {what} '{Printable(text)}'",
                        "kube-proxy's layout puts it in chain and set names, which nft takes only as bare words, and in quoted comments",
                        "use a Kubernetes name: lowercase letters, digits and '-'"));
                }
            }
            if (named && NftValues.Utf8Length(service.ServicePortName) > NftValues.MaxCommentBytes)
            {
                found.Add(Report(service.Location, $"the service port name '{service.ServicePortName}'",
                    $"it is the comment of its no-endpoint map elements, and nft keeps at most {NftValues.MaxCommentBytes} bytes of comment",
                    "shorten the namespace, service or port name"));
            }
            if (!named || !Parses(service))
            {
                // The checker reports unparsable addresses; keys are compared only for services it let through.
                continue;
            }
            foreach (string key in Keys(service))
            {
                if (keys.TryGetValue(key, out var first) && !ReferenceEquals(first, service))
                {
                    found.Add(Report(service.Location, $"{service.ServicePortName} on {key}",
                        $"{first.ServicePortName} claims the same key, and nft's verdict maps hold one verdict per key (iptables would let the first service win)",
                        "give each service its own address, port and NodePort"));
                }
                else
                {
                    keys[key] = service;
                }
            }
        }
        return found;
    }

    /// <summary>The verdict-map keys a service port takes: its addresses with protocol and port, its NodePort per family.</summary>
    private static IEnumerable<string> Keys(ServiceIntent service)
    {
        var plan = ServiceTrafficPlan.For(service);
        string protocol = KubeProxyNftNames.Protocol(service);
        string port = service.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (string address in new[] { service.ClusterIp }.Concat(plan.ExternalIps).Concat(plan.LoadBalancerIps).Distinct(StringComparer.Ordinal))
        {
            yield return $"{KubeProxyNftTable.Address(address)} {protocol} port {port}";
        }
        if (service.NodePort is { } nodePort)
        {
            yield return $"NodePort {protocol} {nodePort.ToString(System.Globalization.CultureInfo.InvariantCulture)} ({FamilyKeyword(FamilyOf(service))})";
        }
    }

    private static bool Parses(ServiceIntent service) =>
        IpNetwork.TryParse(service.ClusterIp, out _, out _)
        && service.ExternalIps.Concat(service.LoadBalancerIps).Concat(service.LoadBalancerSourceRanges).All(a => IpNetwork.TryParse(a, out _, out _))
        && service.Endpoints.All(e => IpNetwork.TryParse(e.Address, out _, out _));

    private static string Printable(string text) => DiagnosticText.Escape(text);

    private static PolicyDiagnostic Report(SourceLocation at, string construct, string reason, string fix) =>
        PolicyDiagnostic.Create(DiagnosticCatalog.NoFaithfulNftForm, at, construct, reason, fix);
}
