using System;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Checker;
using RuleLang.Compiler;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Tests.Kube;

/// <summary>What the checker says about services, and that user-controlled names cannot rewrite the ruleset.</summary>
public class KubeServiceCheckTests
{
    private static readonly SourceLocation At = new("cluster.cs", 12, 9);

    private static ServiceIntent Web(string ns = "default", string name = "web", string port = "http", params ServiceEndpoint[] endpoints) =>
        new(ns, name, port, Protocol.Tcp, "10.96.0.10", 80, null, endpoints.Length == 0 ? new[] { new ServiceEndpoint("10.244.1.10", 8080) } : endpoints, At);

    private static string[] Ids(params Intent[] intents) =>
        PolicyChecker.Check(new Policy("cluster", Array.Empty<Table>(), intents, At)).Select(d => d.Id).ToArray();

    [Test]
    public void A_service_without_endpoints_is_a_warning_and_emits_a_reject()
    {
        var empty = Web() with { Endpoints = Array.Empty<ServiceEndpoint>() };
        var result = PolicyCompiler.Compile(new Policy("cluster", Array.Empty<Table>(), new Intent[] { empty }, At));

        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        Assert.That(result.Diagnostics.Single(d => d.Id == "RL2201").IsError, Is.False);
        Assert.That(result.Rulesets[0].Text, Does.Contain("-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment \"default/web:http has no endpoints\" -m tcp --dport 80 -j REJECT"));
    }

    [TestCase(0)]
    [TestCase(86401)]
    public void An_affinity_timeout_outside_the_apis_range_is_refused(int seconds) =>
        Assert.That(Ids(Web() with { SessionAffinityTimeout = seconds }), Does.Contain("RL2202"));

    [TestCase(1)]
    [TestCase(86400)]
    public void Affinity_timeouts_at_the_ends_of_the_range_are_accepted(int seconds) =>
        Assert.That(Ids(Web() with { SessionAffinityTimeout = seconds }), Is.Empty);

    [Test]
    public void The_same_service_port_twice_in_one_family_is_refused_but_dual_stack_is_not()
    {
        Assert.That(Ids(Web(), Web() with { ClusterIp = "10.96.0.11" }), Does.Contain("RL2203"));
        var v6 = Web(endpoints: new ServiceEndpoint("fd00::10", 8080)) with { ClusterIp = "fd00:96::10" };
        Assert.That(Ids(Web(), v6), Is.Empty);
    }

    [TestCase("default", "web\" -j ACCEPT", "http")]
    [TestCase("default", "web\n-A INPUT -j ACCEPT", "http")]
    [TestCase("Default", "web", "http")]
    [TestCase("default", "web", "http-port-number-too-long")]
    [TestCase("default", "web", "80")]
    public void Names_kubernetes_would_refuse_are_refused(string ns, string name, string port) =>
        Assert.That(Ids(Web(ns, name, port)), Does.Contain("RL2204"));

    [Test]
    public void A_quote_in_a_name_cannot_leave_its_comment_even_past_the_name_check()
    {
        // Lowering straight from the model, as a front end that skipped the checker would: the back end still
        // quotes the comment the way iptables-save does, so the name stays inside it.
        var lowered = PolicyLowering.Lower(new Policy("cluster", Array.Empty<Table>(), new Intent[] { Web(name: "web\" -j ACCEPT") }, At));
        string text = RuleLang.Backends.Iptables.IptablesBackend.Render(FamilyProjection.Project(lowered, IpFamily.IPv4), IpFamily.IPv4);

        foreach (string line in text.Split('\n').Where(l => l.Contains("web\\\" -j ACCEPT", StringComparison.Ordinal)))
        {
            Assert.That(line, Does.Match("--comment \"[^\"]*web\\\\\" -j ACCEPT[^\"]*\""), line);
        }
        Assert.That(text, Does.Not.Contain("web\" -j ACCEPT"));
    }

    [Test]
    public void Settings_kube_proxy_ignores_are_warned_about()
    {
        Assert.That(Ids(Web() with { ExternalTrafficPolicy = TrafficPolicy.Local }), Does.Contain("RL2205"));
        Assert.That(Ids(Web() with { LoadBalancerSourceRanges = new[] { "198.51.100.0/24" } }), Does.Contain("RL2205"));
        Assert.That(Ids(Web() with { ExternalIps = new[] { "2001:db8::1" } }), Does.Contain("RL2205"));
    }

    [Test]
    public void Local_policy_with_no_endpoint_on_this_node_is_explained_not_refused()
    {
        var diagnostics = PolicyChecker.Check(new Policy("cluster", Array.Empty<Table>(), new Intent[] { Web() with { InternalTrafficPolicy = TrafficPolicy.Local } }, At));
        Assert.That(diagnostics.Select(d => (d.Id, d.IsError)), Is.EqualTo(new[] { ("RL2206", false) }));
    }

    [Test]
    public void Services_written_alike_are_equal_though_their_lists_are_different_objects()
    {
        var a = Web() with { ExternalIps = new[] { "192.0.2.1" }, SessionAffinityTimeout = 60 };
        var b = Web() with { ExternalIps = new[] { "192.0.2.1" }, SessionAffinityTimeout = 60 };
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(a, Is.Not.EqualTo(b with { ExternalIps = new[] { "192.0.2.2" } }));
        Assert.That(a, Is.Not.EqualTo(b with { Endpoints = new[] { new ServiceEndpoint("10.244.1.10", 8080) { IsLocal = true } } }));
        Assert.That(ClusterSettings.Default with { NodeIps = new[] { "10.0.0.1" } }, Is.EqualTo(ClusterSettings.Default with { NodeIps = new[] { "10.0.0.1" } }));
    }

    [Test]
    public void The_nft_back_end_reports_affinity_and_source_range_rules_it_cannot_write_yet()
    {
        var sticky = Web() with { SessionAffinityTimeout = 60 };
        var lowered = PolicyLowering.Lower(new Policy("cluster", Array.Empty<Table>(), new Intent[] { sticky }, At));
        Assert.That(NftCompatibility.Check(lowered).Select(d => d.Id).Distinct(), Is.EqualTo(new[] { "RL3101" }));
    }
    /// <summary>The API takes externalTrafficPolicy on a ClusterIP service with external IPs, and kube-proxy heeds it there.</summary>
    [Test]
    public void External_local_policy_applies_to_a_cluster_ip_service_with_external_ips()
    {
        var endpoints = new[] { new ServiceEndpoint("10.0.0.5", 80) { IsLocal = true }, new ServiceEndpoint("10.0.1.5", 80) };
        var service = new ServiceIntent("web", "edge", "http", Protocol.Tcp, "10.96.0.50", 80, null, endpoints, SourceLocation.None)
        {
            ExternalIps = new[] { "203.0.113.7", "2001:db8::7" },
            ExternalTrafficPolicy = TrafficPolicy.Local,
        };
        var plan = ServiceTrafficPlan.For(service);

        Assert.That(plan.ExternalIps, Is.EqualTo(new[] { "203.0.113.7" }), "the IPv4 plan keeps the IPv4 external IP");
        Assert.That(plan.ExternalLocal, Is.True);
        Assert.That(plan.LocalEndpoints.Select(e => e.Address), Is.EqualTo(new[] { "10.0.0.5" }));
        Assert.That(ServiceTrafficPlan.For(service with { ExternalIps = Array.Empty<string>() }).ExternalLocal, Is.False, "a plain ClusterIP service has no external policy");
    }
}
