using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Importers.Kubernetes;

/// <summary>
/// The cluster's own state as a policy: the JSON that `kubectl get services,endpointslices -A -o json` prints
/// (a List of v1 Services and discovery.k8s.io/v1 EndpointSlices), plus the node settings kube-proxy takes from
/// flags, becomes one service intent per service port and family, which lowering programs as kube-proxy would
/// on that node. What cannot be read is a diagnostic at its line and column, never an exception.
/// </summary>
public static class KubeClusterImporter
{
    /// <param name="json">The file's text.</param>
    /// <param name="path">The file name diagnostics and the intents' locations carry.</param>
    /// <param name="policyName">Names the policy and so the emitted files.</param>
    public static KubeImportResult Import(string json, string path, string policyName, KubeNodeSettings? node = null) =>
        Import(new UTF8Encoding(false).GetBytes(json), path, policyName, node);

    /// <param name="utf8">The file's bytes (a UTF-8 byte order mark is skipped).</param>
    public static KubeImportResult Import(byte[] utf8, string path, string policyName, KubeNodeSettings? node = null)
    {
        node ??= KubeNodeSettings.Default;
        if (utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF)
        {
            utf8 = utf8.AsSpan(3).ToArray();
        }
        var diagnostics = new List<PolicyDiagnostic>();
        var cluster = Settings(node, diagnostics);
        var at = new SourceLocation(path, 1, 1);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            // The parser's own words, without the position it appends: the location says that.
            var where = JsonPositions.LinesOnly(utf8, path).AtLine(ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            string reason = ex.Message;
            int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            reason = (cut > 0 ? reason.Substring(0, cut) : reason).TrimEnd('.', ' ');
            diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.KubeNotJson, where, reason));
            return new KubeImportResult(new Policy(policyName, Array.Empty<Table>(), Array.Empty<Intent>(), at) { Cluster = cluster }, diagnostics);
        }
        using (document)
        {
            // Before anything reads a string (indexing the positions reads every field name).
            if (JsonUnicodeCheck.Check(utf8, JsonPositions.LinesOnly(utf8, path)) is { Count: > 0 } notText)
            {
                // A name that cannot be read cannot be compared or written: nothing is imported.
                diagnostics.AddRange(notText);
                return new KubeImportResult(new Policy(policyName, Array.Empty<Table>(), Array.Empty<Intent>(), at) { Cluster = cluster }, diagnostics);
            }
            var reporter = new ImportReporter(JsonPositions.Index(utf8, path));
            var items = new ItemReader(reporter).Read(new JsonCursor(document.RootElement, "", reporter));
            var intents = Intents(items, node, reporter);
            diagnostics.AddRange(reporter.Diagnostics);
            return new KubeImportResult(new Policy(policyName, Array.Empty<Table>(), intents, at) { Cluster = cluster }, diagnostics);
        }
    }

    private static IReadOnlyList<Intent> Intents(KubeItems items, KubeNodeSettings node, ImportReporter reporter)
    {
        var services = items.Services;
        var slices = items.Slices;
        var slicesByService = slices.ToLookup(s => (s.Namespace, s.ServiceName));
        var known = new HashSet<(string, string)>(services.Select(s => (s.Namespace, s.Name)));
        var intents = new List<Intent>();
        // Namespace and name order, not the file's: the same cluster gives the same ruleset however it was listed.
        foreach (var service in services.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            var ofService = slicesByService[(service.Namespace, service.Name)].ToArray();
            foreach (var family in new[] { IpFamily.IPv4, IpFamily.IPv6 })
            {
                if (!service.ClusterIps.TryGetValue(family, out var clusterIp))
                {
                    continue;
                }
                foreach (var port in service.Ports)
                {
                    var endpoints = EndpointMap.For(ofService, port.Name, port.Protocol, family, node.NodeName);
                    intents.Add(new ServiceIntent(service.Namespace, service.Name, port.Name, port.Protocol, clusterIp, port.Port, port.NodePort, endpoints, port.Location)
                    {
                        // Each family's proxier sees only the addresses of its family (MapIPsByIPFamily).
                        ExternalIps = OfFamily(service.ExternalIps, family, Addresses.OfHost),
                        LoadBalancerIps = OfFamily(service.LoadBalancerIps, family, Addresses.OfHost),
                        LoadBalancerSourceRanges = OfFamily(service.LoadBalancerSourceRanges, family, Addresses.OfCidr),
                        ExternalTrafficPolicy = service.ExternalTrafficPolicy,
                        InternalTrafficPolicy = service.InternalTrafficPolicy,
                        SessionAffinityTimeout = service.SessionAffinityTimeout,
                        HealthCheckNodePort = service.HealthCheckNodePort,
                    });
                }
            }
        }
        // Slices of a skipped service were explained with it; these name a service the file does not hold.
        foreach (var orphans in slices.Where(s => !known.Contains((s.Namespace, s.ServiceName)) && !items.Skipped.Contains((s.Namespace, s.ServiceName)))
                     .GroupBy(s => (s.Namespace, s.ServiceName)))
        {
            reporter.Report(DiagnosticCatalog.KubeIgnored, orphans.First().Path, $"EndpointSlice {orphans.Key.Namespace}/{orphans.First().Name}",
                $"the file holds no service {orphans.Key.Namespace}/{orphans.Key.ServiceName}");
        }
        return intents;
    }

    private static IReadOnlyList<string> OfFamily(IReadOnlyList<string> addresses, IpFamily family, Func<string, IpFamily?> familyOf) =>
        addresses.Where(a => familyOf(a) == family).ToArray();

    /// <summary>The model holds one cluster CIDR (lowering uses it for its own family); a second one is reported, not dropped silently.</summary>
    private static ClusterSettings Settings(KubeNodeSettings node, List<PolicyDiagnostic> diagnostics)
    {
        string? cidr = node.ClusterCidrs.Count > 0 ? node.ClusterCidrs[0] : null;
        foreach (var extra in node.ClusterCidrs.Skip(1))
        {
            diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.KubeSettingNotUsed, SourceLocation.None, "--cluster-cidr " + extra,
                $"a policy holds one cluster CIDR, and {cidr} came first; traffic to cluster IPs of {extra}'s family is not masqueraded by source"));
        }
        return new ClusterSettings(node.MasqueradeBit, cidr)
        {
            NodeIps = node.NodeIps.ToArray(),
            MasqueradeAll = node.MasqueradeAll,
            LocalhostNodePorts = node.LocalhostNodePorts,
            RandomFully = node.RandomFully,
            NfacctCounters = node.NfacctCounters,
            NodePortAddresses = node.NodePortAddresses.ToArray(),
            ServiceCidrs = node.ServiceCidrs.ToArray(),
        };
    }
}
