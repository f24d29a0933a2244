using System.Linq;
using System.Text.Json.Nodes;
using NUnit.Framework;
using RuleLang.Importers.Kubernetes;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.SourceWriters;
using RuleLang.Text;
using RuleLang.Tests.KubeImport;

namespace RuleLang.Tests.Text;

/// <summary>
/// The service statement says everything a ServiceIntent holds (settings in any order, endpoint conditions) and
/// the cluster statement kube-proxy's node settings; the old form still means what it meant; and what
/// RlSourceWriter writes reads back as the same intents.
/// </summary>
public class RlServiceTests
{
    private static Policy Parse(string text)
    {
        var result = RlParser.Parse(text, "main.rl");
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        return result.Policy!;
    }

    [Test]
    public void The_existing_form_is_unchanged()
    {
        var service = Parse("policy p\nservice default/api port grpc tcp 10.96.0.20:9000 nodeport 30090 endpoints { 10.244.1.11:9000, 10.244.2.11:9000 }\n")
            .Intents.OfType<ServiceIntent>().Single();
        Assert.That(service, Is.EqualTo(new ServiceIntent("default", "api", "grpc", Model.Netfilter.Protocol.Tcp, "10.96.0.20", 9000, 30090,
            new[] { new ServiceEndpoint("10.244.1.11", 9000), new ServiceEndpoint("10.244.2.11", 9000) }, new SourceLocation("main.rl", 2, 1))));
    }

    [Test]
    public void Every_setting_reaches_the_intent_in_any_order()
    {
        var service = Parse("policy p\nservice web/edge port http tcp 10.101.7.40:80 health-check-nodeport 30253 external-policy local lb-ips { 192.168.49.100 } "
            + "nodeport 31080 lb-source-ranges { 198.51.100.0/24 } external-ips { 192.0.2.7, 192.0.2.8 } internal-policy local affinity client-ip timeout 600\n")
            .Intents.OfType<ServiceIntent>().Single();
        Assert.That(service.NodePort, Is.EqualTo(31080));
        Assert.That(service.HealthCheckNodePort, Is.EqualTo(30253));
        Assert.That(service.LoadBalancerIps, Is.EqualTo(new[] { "192.168.49.100" }));
        Assert.That(service.LoadBalancerSourceRanges, Is.EqualTo(new[] { "198.51.100.0/24" }));
        Assert.That(service.ExternalIps, Is.EqualTo(new[] { "192.0.2.7", "192.0.2.8" }));
        Assert.That((service.ExternalTrafficPolicy, service.InternalTrafficPolicy), Is.EqualTo((TrafficPolicy.Local, TrafficPolicy.Local)));
        Assert.That(service.SessionAffinityTimeout, Is.EqualTo(600));
        Assert.That(service.Endpoints, Is.Empty);
    }

    [Test]
    public void Affinity_without_a_timeout_takes_the_API_default()
    {
        var service = Parse("policy p\nservice shop/cart tcp 10.96.0.8:80 affinity client-ip endpoints { 10.0.0.1:80 }\n").Intents.OfType<ServiceIntent>().Single();
        Assert.That(service.SessionAffinityTimeout, Is.EqualTo(ServiceIntent.DefaultAffinityTimeout));
    }

    [TestCase("", true, true, false, false)]
    [TestCase(" local", true, true, false, true)]
    [TestCase(" not-ready", false, false, false, false)]
    [TestCase(" not-ready serving", false, true, false, false)]
    [TestCase(" terminating", false, false, true, false)]
    [TestCase(" terminating serving local", false, true, true, true)]
    public void Endpoint_conditions_read_over_the_API_defaults(string words, bool ready, bool serving, bool terminating, bool local)
    {
        var endpoint = Parse($"policy p\nservice web/a tcp 10.96.0.1:80 endpoints {{ 10.0.0.1:8080{words} }}\n").Intents.OfType<ServiceIntent>().Single().Endpoints.Single();
        Assert.That((endpoint.Ready, endpoint.Serving, endpoint.Terminating, endpoint.IsLocal), Is.EqualTo((ready, serving, terminating, local)));
    }

    [Test]
    public void Cluster_settings_reach_the_policy()
    {
        var cluster = Parse("policy p\ncluster cidr 10.0.0.0/16\ncluster node-ip 192.168.49.2\ncluster node-ip fd00::2\ncluster masquerade-all\ncluster localhost-nodeports\ncluster nfacct\ncluster random-fully off\ncluster nodeport-address 192.168.49.0/24\n").Cluster;
        Assert.That(cluster.NodePortAddresses, Is.EqualTo(new[] { "192.168.49.0/24" }));
        Assert.That(cluster.NodeIps, Is.EqualTo(new[] { "192.168.49.2", "fd00::2" }));
        Assert.That((cluster.MasqueradeAll, cluster.LocalhostNodePorts, cluster.NfacctCounters, cluster.RandomFully), Is.EqualTo((true, true, true, false)));
        Assert.That(Parse("policy p\n").Cluster, Is.EqualTo(ClusterSettings.Default));
    }

    [Test]
    public void Service_cidrs_reach_the_policy_and_are_checked()
    {
        var cluster = Parse("policy p\ncluster service-cidr 10.96.0.0/12\ncluster service-cidr fd00:96::/112\n").Cluster;
        Assert.That(cluster.ServiceCidrs, Is.EqualTo(new[] { "10.96.0.0/12", "fd00:96::/112" }));

        var twice = RlParser.Parse("policy p\ncluster service-cidr 10.96.0.0/16\ncluster service-cidr 10.97.0.0/16\n", "main.rl").Policy!;
        var found = Checker.PolicyChecker.Check(twice).Where(d => d.Id == "RL2211").ToArray();
        Assert.That(found, Has.Length.EqualTo(1));
        Assert.That(found[0].Message, Does.Contain("10.97.0.0/16").And.Contain("10.96.0.0/16").And.Contain("IPv4"));

        var hostBits = RlParser.Parse("policy p\ncluster service-cidr 10.96.0.1/12\n", "main.rl").Policy!;
        Assert.That(Checker.PolicyChecker.Check(hostBits).Select(d => d.Id), Does.Contain(DiagnosticCatalog.HostBitsSet.Id));
    }

    [Test]
    public void Service_cidrs_are_written_back_as_rl_and_csharp()
    {
        var policy = Parse("policy p\ncluster service-cidr 10.96.0.0/12\nservice web/a tcp 10.96.0.1:80 endpoints { 10.0.0.1:8080 }\n");
        var rl = RlSourceWriter.Write(policy, new SourceWriterOptions());
        Assert.That(rl.Text, Does.Contain("cluster service-cidr 10.96.0.0/12\n"));
        Assert.That(Parse(rl.Text).Cluster, Is.EqualTo(policy.Cluster));
        Assert.That(CSharpSourceWriter.Write(policy, "Policies", "P", new SourceWriterOptions()).Text, Does.Contain("p.ServiceCidr(\"10.96.0.0/12\");"));
    }

    [Test]
    public void A_checker_finding_in_a_service_points_at_its_line()
    {
        var result = RlParser.Parse("policy p\n\nservice web/a tcp 10.96.0.1:80 affinity client-ip timeout 90000 endpoints { 10.0.0.1:80 }\n", "main.rl");
        var policy = result.Policy!;
        var found = Checker.PolicyChecker.Check(policy).Single(d => d.Id == "RL2202");
        Assert.That(found.Location.Line, Is.EqualTo(3));
    }

    /// <summary>The example cluster, imported from kubectl's JSON, written as .rl and read back: the same intents and settings.</summary>
    [Test]
    public void The_example_cluster_round_trips_through_rl()
    {
        var imported = KubeClusterImporter.Import(System.IO.File.ReadAllBytes(KubeClusterExampleTests.ClusterJson), "cluster.json", "cluster",
            new KubeNodeSettings { NodeName = "node-1", NodeIps = new[] { "192.168.49.2" }, ClusterCidrs = new[] { "10.0.0.0/16" }, MasqueradeAll = true, NfacctCounters = true, NodePortAddresses = new[] { "192.168.49.0/24" } });
        var written = RlSourceWriter.Write(imported.Policy, new SourceWriterOptions());
        Assert.That(written.Diagnostics, Is.Empty, string.Join("\n", written.Diagnostics));
        var reread = Parse(written.Text);
        Assert.That(reread.Cluster, Is.EqualTo(imported.Policy.Cluster));
        Assert.That(reread.Cluster.NfacctCounters && reread.Cluster.LocalhostNodePorts, Is.True, "kube's settings survive the round trip");
        var original = imported.Policy.Intents.OfType<ServiceIntent>().Select(WithoutLocation).ToArray();
        var back = reread.Intents.OfType<ServiceIntent>().Select(WithoutLocation).ToArray();
        Assert.That(back, Is.EqualTo(original));
        Assert.That(original.Any(s => s.SessionAffinityTimeout.HasValue) && original.Any(s => s.ExternalTrafficPolicy == TrafficPolicy.Local)
            && original.Any(s => s.Endpoints.Any(e => e.Terminating)), "the example exercises the new settings");
    }

    [Test]
    public void Conditions_no_words_can_say_are_reported_not_written_wrongly()
    {
        var policy = Parse("policy p\nservice web/a tcp 10.96.0.1:80 endpoints { 10.0.0.1:80 }\n");
        var service = policy.Intents.OfType<ServiceIntent>().Single();
        var odd = service with { Endpoints = new[] { new ServiceEndpoint("10.0.0.1", 80) { Ready = true, Serving = false } } };
        var written = RlSourceWriter.Write(policy with { Intents = new Intent[] { odd } }, new SourceWriterOptions());
        Assert.That(written.Diagnostics.Single().Id, Is.EqualTo("RL3301"));
        Assert.That(written.Text, Does.Contain("# not written: service web/a"));
    }

    private static ServiceIntent WithoutLocation(ServiceIntent s) => s with { Location = SourceLocation.None };
}
