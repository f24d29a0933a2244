using System.Linq;
using System.Text.Json.Nodes;
using NUnit.Framework;
using RuleLang.Importers.Kubernetes;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using static RuleLang.Tests.KubeImport.KubeJson;

namespace RuleLang.Tests.KubeImport;

/// <summary>
/// Addresses with leading zeros, read as kube-proxy reads them (k8s.io/utils/net ParseIPSloppy / ParseCIDRSloppy:
/// decimal), one test per field kube-proxy reads an address from (its TestBadIPs): each is kept in canonical form
/// with an RL0507 note at the field; what is no address even so stays RL0502.
/// </summary>
public class KubeLenientAddressTests
{
    private static KubeImportResult Import(string json) => KubeClusterImporter.Import(json, "cluster.json", "cluster");

    private static ServiceIntent Only(KubeImportResult result)
    {
        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        return result.Policy.Intents.OfType<ServiceIntent>().Single();
    }

    private static JsonObject Web(string clusterIp = "172.30.0.41") => Service("ns1", "svc1", clusterIp, Port("p80", 80, nodePort: 3001));

    private static JsonObject WebSlice(string address = "10.180.0.1") =>
        Slice("ns1", "svc1", "svc1-1", "IPv4", new[] { SlicePort("p80", 80) }, Endpoint(address));

    private static void AssertNoted(KubeImportResult result, string field, string written, string canonical)
    {
        var notes = result.Diagnostics.Where(d => d.Id == "RL0507").ToArray();
        Assert.That(notes, Has.Length.EqualTo(1), () => string.Join("\n", result.Diagnostics));
        Assert.That(notes[0].Severity, Is.EqualTo(Severity.Info));
        Assert.That(notes[0].Message, Does.Contain(field + " is '" + written + "', read as " + canonical));
        Assert.That(notes[0].Location.File, Is.EqualTo("cluster.json"));
        Assert.That(notes[0].Location.Line, Is.GreaterThan(1));
    }

    [Test]
    public void A_cluster_ip_with_leading_zeros_is_its_decimal_address()
    {
        var service = Web("172.30.0.041");
        service["spec"]!["clusterIPs"] = new JsonArray("172.30.0.041");
        var result = Import(List(service, WebSlice()));
        Assert.That(Only(result).ClusterIp, Is.EqualTo("172.30.0.41"));
        AssertNoted(result, ".items[0].spec.clusterIPs[0]", "172.30.0.041", "172.30.0.41");
    }

    [Test]
    public void A_cluster_ip_of_an_object_from_before_dual_stack_is_read_leniently_too()
    {
        var service = Web("010.096.000.010");
        var spec = service["spec"]!.AsObject();
        spec.Remove("clusterIPs");
        spec.Remove("ipFamilies");
        var result = Import(List(service));
        Assert.That(Only(result).ClusterIp, Is.EqualTo("10.96.0.10"));
        AssertNoted(result, ".items[0].spec.clusterIP", "010.096.000.010", "10.96.0.10");
    }

    [Test]
    public void An_external_ip_with_leading_zeros_is_its_decimal_address()
    {
        var service = Web();
        service["spec"]!["externalIPs"] = new JsonArray("192.168.099.022");
        var result = Import(List(service, WebSlice()));
        Assert.That(Only(result).ExternalIps, Is.EqualTo(new[] { "192.168.99.22" }));
        AssertNoted(result, ".items[0].spec.externalIPs[0]", "192.168.099.022", "192.168.99.22");
    }

    [Test]
    public void A_load_balancer_ingress_ip_with_leading_zeros_is_its_decimal_address()
    {
        var service = Web();
        service["spec"]!["type"] = "LoadBalancer";
        service["status"] = new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = "1.2.3.004" }) } };
        var result = Import(List(service, WebSlice()));
        Assert.That(Only(result).LoadBalancerIps, Is.EqualTo(new[] { "1.2.3.4" }));
        AssertNoted(result, ".items[0].status.loadBalancer.ingress[0].ip", "1.2.3.004", "1.2.3.4");
    }

    [Test]
    public void A_source_range_with_leading_zeros_in_address_and_prefix_is_its_decimal_cidr()
    {
        var service = Web();
        service["spec"]!["type"] = "LoadBalancer";
        // kube-proxy also trims the whitespace the API lets pad a source range.
        service["spec"]!["loadBalancerSourceRanges"] = new JsonArray(" 203.0.113.000/025", " 198.51.100.0/24");
        var result = Import(List(service, WebSlice()));
        Assert.That(Only(result).LoadBalancerSourceRanges, Is.EqualTo(new[] { "203.0.113.0/25", "198.51.100.0/24" }));
        AssertNoted(result, ".items[0].spec.loadBalancerSourceRanges[0]", "203.0.113.000/025", "203.0.113.0/25");
    }

    [Test]
    public void An_endpoint_address_with_leading_zeros_is_its_decimal_address()
    {
        var result = Import(List(Web(), WebSlice("10.180.00.001")));
        Assert.That(Only(result).Endpoints.Select(e => e.Text), Is.EqualTo(new[] { "10.180.0.1:80" }));
        AssertNoted(result, ".items[1].endpoints[0].addresses[0]", "10.180.00.001", "10.180.0.1");
    }

    [Test]
    public void An_ipv6_address_with_a_dotted_tail_with_leading_zeros_is_read_leniently()
    {
        var service = Web();
        service["spec"]!["externalIPs"] = new JsonArray("172.30.0.41", "::ffff:192.168.099.022");
        var result = Import(List(service, WebSlice()));
        Assert.That(result.Diagnostics.Where(d => d.Id == "RL0507").Select(d => d.Message), Has.One.Contains("read as ::ffff:192.168.99.22"));
    }

    [TestCase("172.30.0.256", TestName = "A part over 255 is no address")]
    [TestCase("172.30.0.4x", TestName = "A letter is no digit")]
    [TestCase("172.30.041", TestName = "Three parts are no IPv4 address")]
    [TestCase("172.30.0.041/33", TestName = "A host field holds no prefix")]
    public void What_is_no_address_even_read_leniently_is_refused(string written)
    {
        var service = Web();
        service["spec"]!["externalIPs"] = new JsonArray(written);
        var result = Import(List(service, WebSlice()));
        Assert.That(result.Diagnostics.Select(d => d.Id), Does.Contain("RL0502").And.Not.Contain("RL0507"));
        Assert.That(result.Succeeded, Is.False);
    }

    [Test]
    public void A_strict_address_gets_no_note()
    {
        var result = Import(List(Web(), WebSlice()));
        Assert.That(result.Diagnostics, Is.Empty);
    }
}
