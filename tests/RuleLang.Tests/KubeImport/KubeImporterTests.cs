using System;
using System.Linq;
using System.Text.Json.Nodes;
using NUnit.Framework;
using RuleLang.Importers.Kubernetes;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using static RuleLang.Tests.KubeImport.KubeJson;

namespace RuleLang.Tests.KubeImport;

/// <summary>
/// The importer reads kubectl's JSON as kube-proxy reads the API objects (pkg/proxy/servicechangetracker.go,
/// serviceport.go, endpointslicecache.go): each case states one of kube-proxy's rules and checks the intents.
/// </summary>
public class KubeImporterTests
{
    private static KubeImportResult Import(string json, KubeNodeSettings? node = null) =>
        KubeClusterImporter.Import(json, "cluster.json", "cluster", node);

    private static ServiceIntent[] Intents(KubeImportResult result) => result.Policy.Intents.OfType<ServiceIntent>().ToArray();

    [Test]
    public void Seed_service_ports_get_their_endpoints_by_port_name_with_the_slice_port_numbers()
    {
        // targetPort is the container port's name: only the slice knows the number.
        var json = List(
            Service("ingress-nginx", "ingress-nginx-controller", "10.102.84.62",
                Port("http", 80, nodePort: 32096, targetPort: "http"), Port("https", 443, nodePort: 30482, targetPort: "https")),
            Slice("ingress-nginx", "ingress-nginx-controller", "ingress-nginx-controller-x7k2p", "IPv4",
                new[] { SlicePort("https", 443), SlicePort("http", 80) },
                Endpoint("10.0.0.174"), Endpoint("10.0.0.97")));
        var result = Import(json);
        Assert.That(result.Diagnostics, Is.Empty);
        var intents = Intents(result);
        Assert.That(intents.Select(i => (i.ServicePortName, i.Protocol, i.ClusterIp, i.Port, i.NodePort)), Is.EqualTo(new[]
        {
            ("ingress-nginx/ingress-nginx-controller:http", Protocol.Tcp, "10.102.84.62", 80, (int?)32096),
            ("ingress-nginx/ingress-nginx-controller:https", Protocol.Tcp, "10.102.84.62", 443, (int?)30482),
        }));
        Assert.That(intents[0].Endpoints.Select(e => e.Text), Is.EqualTo(new[] { "10.0.0.174:80", "10.0.0.97:80" }));
        Assert.That(intents[1].Endpoints.Select(e => e.Text), Is.EqualTo(new[] { "10.0.0.174:443", "10.0.0.97:443" }));
        // The intent points at its spec.ports entry, so the checker's findings land on the right line.
        Assert.That(intents[0].Location.File, Is.EqualTo("cluster.json"));
        Assert.That(intents[0].Location.Line, Is.GreaterThan(1));
        Assert.That(intents[1].Location.Line, Is.GreaterThan(intents[0].Location.Line));
    }

    [Test]
    public void A_slice_port_serves_the_service_port_of_the_same_name_and_protocol_only()
    {
        var json = List(
            Service("kube-system", "kube-dns", "10.96.0.10", Port("dns", 53, "UDP"), Port("dns-tcp", 53), Port("metrics", 9153)),
            Slice("kube-system", "kube-dns", "kube-dns-1", "IPv4",
                new[] { SlicePort("dns-tcp", 53), SlicePort("dns", 53, "UDP"), SlicePort("metrics", 9153), SlicePort("dns", 5353, "TCP") },
                Endpoint("10.0.0.12")));
        var intents = Intents(Import(json));
        Assert.That(intents.Select(i => (i.PortName, i.Protocol, string.Join(",", i.Endpoints.Select(e => e.Text)))), Is.EqualTo(new[]
        {
            ("dns", Protocol.Udp, "10.0.0.12:53"),
            ("dns-tcp", Protocol.Tcp, "10.0.0.12:53"),
            ("metrics", Protocol.Tcp, "10.0.0.12:9153"),
        }));
    }

    [Test]
    public void Duplicates_across_slices_are_one_endpoint_and_the_local_copy_wins()
    {
        var json = List(
            Service("shop", "cart", "10.98.150.20", Port("http", 80)),
            Slice("shop", "cart", "cart-a", "IPv4", new[] { SlicePort("http", 8080) },
                Endpoint("10.0.1.15", node: "node-2", ready: false, serving: true, terminating: true), Endpoint("10.0.0.40", node: "node-1")),
            Slice("shop", "cart", "cart-b", "IPv4", new[] { SlicePort("http", 8080) },
                Endpoint("10.0.1.15", node: "node-1"), Endpoint("10.0.2.23", node: "node-3")));
        var endpoints = Intents(Import(json, new KubeNodeSettings { NodeName = "node-1" }))[0].Endpoints;
        Assert.That(endpoints.Select(e => (e.Text, e.IsLocal, e.Ready)), Is.EqualTo(new[]
        {
            ("10.0.0.40:8080", true, true),
            ("10.0.1.15:8080", true, true),
            ("10.0.2.23:8080", false, true),
        }));
    }

    [Test]
    public void Without_a_node_name_no_endpoint_is_local()
    {
        var json = List(
            Service("web", "edge", "10.101.7.40", Port("http", 80)),
            Slice("web", "edge", "edge-1", "IPv4", new[] { SlicePort("http", 8080) }, Endpoint("10.0.0.60", node: "node-1")));
        Assert.That(Intents(Import(json))[0].Endpoints.Single().IsLocal, Is.False);
        Assert.That(Intents(Import(json, new KubeNodeSettings { NodeName = "node-1" }))[0].Endpoints.Single().IsLocal, Is.True);
    }

    [Test]
    public void Absent_conditions_read_as_the_API_means_them()
    {
        var json = List(
            Service("web", "edge", "10.101.7.40", Port("http", 80)),
            Slice("web", "edge", "edge-1", "IPv4", new[] { SlicePort("http", 8080) },
                Endpoint("10.0.0.1"), Endpoint("10.0.0.2", ready: false, serving: true, terminating: true), Endpoint("10.0.0.3", ready: false)));
        var endpoints = Intents(Import(json))[0].Endpoints;
        Assert.That(endpoints.Select(e => (e.Address, e.Ready, e.Serving, e.Terminating)), Is.EqualTo(new[]
        {
            ("10.0.0.1", true, true, false),
            ("10.0.0.2", false, true, true),
            ("10.0.0.3", false, true, false),
        }));
    }

    [Test]
    public void A_dual_stack_service_is_one_intent_per_family_with_that_family_s_endpoints()
    {
        var service = Service("web", "dual", "10.97.200.5", Port("http", 80));
        service["spec"]!["clusterIPs"] = new JsonArray("10.97.200.5", "fd00:10:96::c8a5");
        service["spec"]!["ipFamilies"] = new JsonArray("IPv4", "IPv6");
        service["spec"]!["externalIPs"] = new JsonArray("192.0.2.7", "2001:db8::7");
        var json = List(service,
            Slice("web", "dual", "dual-v6", "IPv6", new[] { SlicePort("http", 8080) }, Endpoint("fd00:10:244:1::58")),
            Slice("web", "dual", "dual-v4", "IPv4", new[] { SlicePort("http", 8080) }, Endpoint("10.0.0.88")));
        var intents = Intents(Import(json));
        Assert.That(intents.Select(i => (i.ClusterIp, i.Endpoints.Single().Text, i.ExternalIps.Single())), Is.EqualTo(new[]
        {
            ("10.97.200.5", "10.0.0.88:8080", "192.0.2.7"),
            ("fd00:10:96::c8a5", "[fd00:10:244:1::58]:8080", "2001:db8::7"),
        }));
    }

    [Test]
    public void A_service_from_before_dual_stack_is_read_by_its_cluster_IP_alone()
    {
        var service = Service("default", "old", "10.96.0.77", Port("http", 80));
        ((JsonObject)service["spec"]!).Remove("clusterIPs");
        ((JsonObject)service["spec"]!).Remove("ipFamilies");
        Assert.That(Intents(Import(List(service))).Single().ClusterIp, Is.EqualTo("10.96.0.77"));
    }

    [TestCase("ExternalName", null, null, "ExternalName")]
    [TestCase("ClusterIP", "None", null, "headless")]
    [TestCase("ClusterIP", "10.96.0.5", "service.kubernetes.io/service-proxy-name", "another proxy")]
    public void What_kube_proxy_does_not_proxy_is_skipped_with_a_note(string type, string? clusterIp, string? label, string reason)
    {
        var service = Service("db", "skipped", "10.96.0.5", Port("pg", 5432));
        service["spec"]!["type"] = type;
        if (clusterIp is null)
        {
            ((JsonObject)service["spec"]!).Remove("clusterIP");
        }
        else
        {
            service["spec"]!["clusterIP"] = clusterIp;
        }
        if (label != null)
        {
            service["metadata"]!["labels"] = new JsonObject { [label] = "cilium" };
        }
        var result = Import(List(service, Slice("db", "skipped", "skipped-1", "IPv4", new[] { SlicePort("pg", 5432) }, Endpoint("10.0.1.30"))));
        Assert.That(Intents(result), Is.Empty);
        // One note, on the service; its slices are not reported again as orphans.
        var note = result.Diagnostics.Single();
        Assert.That(note.Id, Is.EqualTo("RL0503"));
        Assert.That(note.Severity, Is.EqualTo(Severity.Info));
        Assert.That(note.Message, Does.Contain("db/skipped").And.Contain(reason));
        Assert.That(note.Location.Line, Is.GreaterThan(1));
    }

    [Test]
    public void Settings_apply_only_where_the_API_applies_them()
    {
        // externalTrafficPolicy Local on a plain ClusterIP service means nothing (apiservice.ExternalPolicyLocal);
        // a health check port exists only for a LoadBalancer under Local policy.
        var clusterIp = Service("web", "internal", "10.96.0.21", Port("http", 80));
        clusterIp["spec"]!["externalTrafficPolicy"] = "Local";
        clusterIp["spec"]!["healthCheckNodePort"] = 30001;
        var loadBalancer = Service("web", "edge", "10.96.0.22", Port("http", 80, nodePort: 31080));
        loadBalancer["spec"]!["type"] = "LoadBalancer";
        loadBalancer["spec"]!["externalTrafficPolicy"] = "Local";
        loadBalancer["spec"]!["healthCheckNodePort"] = 30253;
        loadBalancer["spec"]!["internalTrafficPolicy"] = "Local";
        loadBalancer["spec"]!["loadBalancerSourceRanges"] = new JsonArray(" 198.51.100.0/24 ", "2001:db8::/64");
        loadBalancer["status"] = JsonNode.Parse("""{"loadBalancer": {"ingress": [{"ip": "192.168.49.100", "ipMode": "VIP"}, {"ip": "192.168.49.101", "ipMode": "Proxy"}, {"hostname": "lb.example.com"}]}}""");
        var intents = Intents(Import(List(clusterIp, loadBalancer)));
        var edge = intents.Single(i => i.Name == "edge");
        var internalOnly = intents.Single(i => i.Name == "internal");
        Assert.That((internalOnly.ExternalTrafficPolicy, internalOnly.HealthCheckNodePort), Is.EqualTo((TrafficPolicy.Cluster, (int?)null)));
        Assert.That((edge.ExternalTrafficPolicy, edge.InternalTrafficPolicy, edge.HealthCheckNodePort), Is.EqualTo((TrafficPolicy.Local, TrafficPolicy.Local, (int?)30253)));
        // Proxy-mode and hostname-only ingress entries are not VIPs; source ranges are trimmed and kept per family.
        Assert.That(edge.LoadBalancerIps, Is.EqualTo(new[] { "192.168.49.100" }));
        Assert.That(edge.LoadBalancerSourceRanges, Is.EqualTo(new[] { "198.51.100.0/24" }));
    }

    [Test]
    public void Client_IP_affinity_takes_its_timeout_or_the_API_default()
    {
        var configured = Service("shop", "cart", "10.96.0.31", Port("http", 80));
        configured["spec"]!["sessionAffinity"] = "ClientIP";
        configured["spec"]!["sessionAffinityConfig"] = JsonNode.Parse("""{"clientIP": {"timeoutSeconds": 600}}""");
        var defaulted = Service("shop", "basket", "10.96.0.32", Port("http", 80));
        defaulted["spec"]!["sessionAffinity"] = "ClientIP";
        var none = Service("shop", "list", "10.96.0.33", Port("http", 80));
        none["spec"]!["sessionAffinity"] = "None";
        var intents = Intents(Import(List(configured, defaulted, none)));
        Assert.That(intents.Select(i => (i.Name, i.SessionAffinityTimeout)), Is.EqualTo(new[]
        {
            ("basket", (int?)10800), ("cart", (int?)600), ("list", (int?)null),
        }));
    }

    [Test]
    public void Services_come_out_in_namespace_and_name_order_whatever_the_file_order()
    {
        var json = List(Service("web", "b", "10.96.0.2", Port("http", 80)), Service("default", "z", "10.96.0.3", Port("http", 80)), Service("web", "a", "10.96.0.1", Port("http", 80)));
        Assert.That(Intents(Import(json)).Select(i => i.Namespace + "/" + i.Name), Is.EqualTo(new[] { "default/z", "web/a", "web/b" }));
    }

    [Test]
    public void Slice_parts_kube_proxy_ignores_are_noted()
    {
        var unnamed = new JsonObject { ["port"] = 8080, ["protocol"] = "TCP" };
        var orphan = Slice("web", "gone", "gone-1", "IPv4", new[] { SlicePort("http", 8080) }, Endpoint("10.0.0.9"));
        var fqdn = Slice("web", "front", "front-fqdn", "FQDN", new[] { SlicePort("http", 80) }, Endpoint("10.0.0.10"));
        fqdn["endpoints"]![0]!["addresses"] = new JsonArray("backend.example.com");
        var json = List(
            Service("web", "front", "10.96.0.40", Port("http", 80)),
            Slice("web", "front", "front-1", "IPv4", new[] { unnamed, SlicePort("http", 8080) }, Endpoint("10.0.0.8")),
            orphan, fqdn);
        var result = Import(json);
        Assert.That(Intents(result).Single().Endpoints.Select(e => e.Text), Is.EqualTo(new[] { "10.0.0.8:8080" }));
        Assert.That(result.Diagnostics.Select(d => d.Id), Is.All.EqualTo("RL0504"));
        Assert.That(result.Diagnostics.Select(d => d.Message), Has.One.Contains("no name")
            .And.One.Contains("no service web/gone").And.One.Contains("DNS names"));
        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public void A_second_cluster_CIDR_is_reported_not_dropped_silently()
    {
        var result = Import(List(Service("web", "a", "10.96.0.1", Port("http", 80))),
            new KubeNodeSettings { ClusterCidrs = new[] { "10.0.0.0/16", "fd00:10:244::/56" }, NodeIps = new[] { "192.168.49.2" }, MasqueradeBit = 15 });
        Assert.That(result.Policy.Cluster.ClusterCidr, Is.EqualTo("10.0.0.0/16"));
        Assert.That(result.Policy.Cluster.MasqueradeBit, Is.EqualTo(15));
        Assert.That(result.Policy.Cluster.NodeIps, Is.EqualTo(new[] { "192.168.49.2" }));
        var warning = result.Diagnostics.Single();
        Assert.That((warning.Id, warning.Severity), Is.EqualTo(("RL0505", Severity.Warning)));
        Assert.That(warning.Message, Does.Contain("fd00:10:244::/56"));
    }

    [Test]
    public void Malformed_JSON_is_one_error_at_its_line_and_column()
    {
        string json = "{\n  \"kind\": \"List\",\n  \"items\": [\n    {\"kind\": \"Service\",, }\n  ]\n}\n";
        var result = Import(json);
        var error = result.Diagnostics.Single();
        Assert.That(error.Id, Is.EqualTo("RL0501"));
        Assert.That((error.Location.Line, error.Location.Column), Is.EqualTo((4, 24)));
        Assert.That(error.Message, Does.Not.Contain("LineNumber"));
        Assert.That(error.ToString(), Does.StartWith("cluster.json(4,24): error RL0501: the file is not well-formed JSON: "));
        Assert.That(result.Policy.Intents, Is.Empty);
    }

    [Test]
    public void A_missing_or_mistyped_field_is_an_error_at_its_place_with_its_path()
    {
        var noPort = Service("web", "a", "10.96.0.1", Port("http", 80));
        ((JsonObject)noPort["spec"]!["ports"]![0]!).Remove("port");
        var stringPort = Service("web", "b", "10.96.0.2", Port("http", 80));
        stringPort["spec"]!["ports"]![0]!["port"] = "80";
        string json = List(noPort, stringPort);
        var result = Import(json);
        Assert.That(result.Succeeded, Is.False);
        var errors = result.Diagnostics.Where(d => d.IsError).ToArray();
        Assert.That(errors.Select(e => e.Id), Is.All.EqualTo("RL0502"));
        Assert.That(errors[0].Message, Does.StartWith(".items[0].spec.ports[0].port is missing"));
        Assert.That(errors[1].Message, Does.StartWith(".items[1].spec.ports[0].port is a string"));
        // The mistyped value is located at its own "port": key.
        string[] lines = json.Split('\n');
        var at = errors[1].Location;
        Assert.That(lines[at.Line - 1].Substring(at.Column - 1), Does.StartWith("\"port\": \"80\""));
        Assert.That(Intents(result), Is.Empty);
    }

    /// <summary>kubectl's output through `jq -c` is one line: its columns must still be right, in any order asked.</summary>
    [Test]
    public void Columns_are_right_in_a_document_on_one_line()
    {
        var first = Service("web", "a", "10.96.0.1", Port("http", 80));
        first["spec"]!["ports"]![0]!["port"] = "80";
        var second = Service("web", "b", "10.96.0.2", Port("http", 80));
        second["spec"]!["ports"]![0]!["port"] = "81";
        string json = List(first, second).Replace("\n", "", StringComparison.Ordinal);
        var errors = Import(json).Diagnostics.Where(d => d.IsError).ToArray();

        Assert.That(errors, Has.Length.EqualTo(2));
        Assert.That(errors.Select(e => e.Location.Line), Is.All.EqualTo(1));
        Assert.That(json.Substring(errors[0].Location.Column - 1), Does.StartWith("\"port\": \"80\""));
        Assert.That(json.Substring(errors[1].Location.Column - 1), Does.StartWith("\"port\": \"81\""));
    }

    [TestCase("[]", "the document is not a JSON object")]
    [TestCase("{\"kind\": \"List\"}", ".items is missing")]
    [TestCase("{\"items\": [{\"kind\": \"Service\", \"apiVersion\": \"v1\"}]}", ".items[0].metadata is missing")]
    [TestCase("{\"items\": [{\"kind\": \"EndpointSlice\", \"apiVersion\": \"discovery.k8s.io/v1beta1\", \"metadata\": {}}]}", ".items[0].apiVersion is 'discovery.k8s.io/v1beta1'")]
    [TestCase("{\"items\": [{\"kind\": \"Service\", \"apiVersion\": \"v1\", \"metadata\": {\"name\": \"a\", \"namespace\": \"b\"}, \"spec\": {\"clusterIP\": \"10.96.0.300\", \"ports\": [{\"port\": 80}]}}]}", ".items[0].spec.clusterIP is '10.96.0.300'")]
    [TestCase("{\"items\": [{\"kind\": \"Service\", \"apiVersion\": \"v1\", \"metadata\": {\"name\": \"a\", \"namespace\": \"b\"}, \"spec\": {\"clusterIP\": \"10.96.0.3\", \"ports\": [{\"port\": 80, \"protocol\": \"ICMP\"}]}}]}", ".items[0].spec.ports[0].protocol is 'ICMP'")]
    [TestCase("{\"items\": [{\"kind\": \"Service\", \"apiVersion\": \"v1\", \"metadata\": {\"name\": \"a\", \"namespace\": \"b\"}, \"spec\": {\"clusterIP\": \"10.96.0.3\", \"ports\": [{\"port\": 70000}]}}]}", ".items[0].spec.ports[0].port is 70000, out of range")]
    public void Structural_mistakes_are_errors_that_name_the_path(string json, string expected)
    {
        var result = Import(json);
        Assert.That(result.Succeeded, Is.False);
        var first = result.Diagnostics.First(d => d.IsError);
        Assert.That(first.Id, Is.EqualTo("RL0502"));
        Assert.That(first.Message, Does.StartWith(expected));
    }

    [Test]
    public void Every_prefix_of_the_example_is_diagnosed_never_thrown()
    {
        byte[] whole = System.IO.File.ReadAllBytes(KubeClusterExampleTests.ClusterJson);
        for (int length = 0; length < whole.Length; length += 97)
        {
            var result = KubeClusterImporter.Import(whole.AsSpan(0, length).ToArray(), "cluster.json", "cluster");
            Assert.That(result.Succeeded, Is.False, $"a prefix of {length} bytes");
            Assert.That(result.Diagnostics.Where(d => d.IsError).Select(d => d.Id), Is.All.EqualTo("RL0501"));
        }
    }
}
