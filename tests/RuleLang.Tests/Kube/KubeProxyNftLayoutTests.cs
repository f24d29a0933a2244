using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Tests.Kube;

/// <summary>
/// kube-proxy's nftables layout in the nft back end: names from the hash, one table per family beside the
/// policy's own, deterministic bytes, and user text that cannot leave its name or comment.
/// </summary>
public class KubeProxyNftLayoutTests
{
    private static readonly SourceLocation At = new("cluster.cs", 7, 9);

    private static ServiceIntent Web(string ns = "default", string name = "web", string port = "http", string clusterIp = "10.96.0.10", params ServiceEndpoint[] endpoints) =>
        new(ns, name, port, Protocol.Tcp, clusterIp, 80, 30080,
            endpoints.Length == 0 ? new[] { new ServiceEndpoint("10.244.1.10", 8080), new ServiceEndpoint("10.244.2.10", 8080) } : endpoints, At);

    private static Policy Cluster(params Intent[] intents) =>
        new Policy("cluster", Array.Empty<Table>(), intents, At) with { Cluster = ClusterSettings.Default with { ClusterCidr = "10.244.0.0/16" } };

    private static string Nft(Policy policy)
    {
        var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft }, NftServiceLayout.KubeProxy);
        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        return result.Rulesets.Single().Text;
    }

    /// <summary>kube-proxy's hash, computed here independently: base32 (RFC 4648) of SHA-256, first 8 characters.</summary>
    private static string Hash8(string text)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var bits = string.Concat(hash.Take(5).Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        return string.Concat(Enumerable.Range(0, 8).Select(i => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[Convert.ToInt32(bits.Substring(i * 5, 5), 2)]));
    }

    [Test]
    public void Chain_and_set_names_are_kube_proxys_hash_of_the_service_port_and_endpoint()
    {
        string text = Nft(Cluster(Web() with { SessionAffinityTimeout = 600 }));
        string service = $"service-{Hash8("default/web/tcp/http")}-default/web/tcp/http";
        string endpoint = $"{Hash8("default/web/tcp/http__10.244.1.10/8080")}-default/web/tcp/http__10.244.1.10/8080";

        Assert.That(text, Does.Contain($"10.96.0.10 . tcp . 80 : goto {service}"));
        Assert.That(text, Does.Contain($"\tchain {service} {{\n"));
        Assert.That(text, Does.Contain($"\tchain external-{Hash8("default/web/tcp/http")}-default/web/tcp/http {{\n"));
        Assert.That(text, Does.Contain($"\tchain endpoint-{endpoint} {{\n"));
        Assert.That(text, Does.Contain($"\tset affinity-{endpoint} {{\n\t\ttype ipv4_addr\n\t\tflags dynamic,timeout\n\t\ttimeout 10m\n\t}}"));
        Assert.That(text, Does.Contain($"\t\tip saddr @affinity-{endpoint} goto endpoint-{endpoint}\n"));
        Assert.That(text, Does.Contain($"\t\tupdate @affinity-{endpoint} {{ ip saddr }}\n"));
    }

    [Test]
    public void The_services_get_an_ip_and_an_ip6_table_named_after_the_policy()
    {
        var v6 = Web(clusterIp: "fd00:96::10", endpoints: new ServiceEndpoint("fd00:244:1::10", 8080));
        string text = Nft(Cluster(Web(), v6));

        // Only services: the policy's own inet table is left deleted, not loaded empty (kube-proxy declares none).
        Assert.That(text, Does.Contain("table inet cluster\ndelete table inet cluster\n\n"));
        Assert.That(text, Does.Not.Contain("table inet cluster {"));
        Assert.That(text, Does.Contain("table ip cluster\ndelete table ip cluster\ntable ip cluster {\n\tcomment \"rules for kube-proxy\"\n"));
        Assert.That(text, Does.Contain("table ip6 cluster\ndelete table ip6 cluster\ntable ip6 cluster {\n\tcomment \"rules for kube-proxy\"\n"));
        // The same service port name in both families: one chain name, in two tables.
        string service = $"service-{Hash8("default/web/tcp/http")}-default/web/tcp/http";
        Assert.That(text.Split('\n').Count(l => l == $"\tchain {service} {{"), Is.EqualTo(2));
        // An IPv6 endpoint: ':' is not a name character, so kube-proxy writes '.'; the DNAT brackets the address.
        Assert.That(text, Does.Contain($"\tchain endpoint-{Hash8("default/web/tcp/http__fd00.244.1..10/8080")}-default/web/tcp/http__fd00.244.1..10/8080 {{\n"
            + "\t\tip6 saddr fd00:244:1::10 jump mark-for-masquerade\n\t\tmeta l4proto tcp dnat to [fd00:244:1::10]:8080\n"));
        Assert.That(text, Does.Contain("\t\tfib daddr type local ip6 daddr != ::1 meta l4proto . th dport vmap @service-nodeports\n"));
    }

    [Test]
    public void A_policy_with_rules_beside_its_services_keeps_its_inet_table()
    {
        string text = Nft(new ServicesAndSsh().Build());

        Assert.That(text, Does.Contain("table inet cluster\ndelete table inet cluster\ntable inet cluster {\n"));
        Assert.That(text, Does.Contain("table ip cluster {\n"));
    }

    /// <summary>
    /// kube-proxy's current layout (pkg/proxy/nftables/proxier_test.go baseRules): the firewall check before DNAT
    /// at -110, the endpoint and cluster-IP checks at filter priority (after DNAT), no filter-output-post-dnat.
    /// </summary>
    [Test]
    public void Base_chains_follow_kube_proxys_current_layout()
    {
        string text = Nft(Cluster(Web()));

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("\tchain filter-prerouting-pre-dnat {\n\t\ttype filter hook prerouting priority dstnat - 10; policy accept;\n\t\tct state new jump firewall-check\n\t}\n"));
            Assert.That(text, Does.Contain("\tchain filter-output-pre-dnat {\n\t\ttype filter hook output priority -110; policy accept;\n\t\tct state new jump firewall-check\n\t}\n"));
            Assert.That(text, Does.Contain("\tchain filter-forward {\n\t\ttype filter hook forward priority filter; policy accept;\n\t\tct state new jump service-endpoints-check\n\t\tct state new jump cluster-ips-check\n\t}\n"));
            Assert.That(text, Does.Contain("\tchain filter-input {\n\t\ttype filter hook input priority filter; policy accept;\n\t\tct state new jump nodeport-endpoints-check\n\t\tct state new jump service-endpoints-check\n\t}\n"));
            Assert.That(text, Does.Contain("\tchain filter-output {\n\t\ttype filter hook output priority filter; policy accept;\n\t\tct state new jump service-endpoints-check\n\t\tct state new jump cluster-ips-check\n\t}\n"));
            Assert.That(text, Does.Not.Contain("post-dnat"));
            Assert.That(text, Does.Not.Contain("chain filter-prerouting {"));
        });
    }

    [Test]
    public void The_service_chains_masquerade_rule_names_no_port()
    {
        string text = Nft(Cluster(Web()));

        Assert.That(text, Does.Contain("\t\tip daddr 10.96.0.10 ip saddr != 10.244.0.0/16 jump mark-for-masquerade\n"));
        Assert.That(text, Does.Not.Contain("tcp dport 80"));
    }

    [TestCase(NftServiceLayout.KubeProxy)]
    [TestCase(NftServiceLayout.Compact)]
    public void A_service_cidr_drops_its_unused_addresses_in_its_own_family(NftServiceLayout layout)
    {
        var v6 = Web(clusterIp: "fd00:96::10", endpoints: new ServiceEndpoint("fd00:244:1::10", 8080));
        var policy = Cluster(Web(), v6);
        policy = policy with { Cluster = policy.Cluster with { ServiceCidrs = new[] { "10.96.0.0/12", "fd00:96::/112" } } };

        var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft }, layout);
        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        string text = result.Rulesets.Single().Text;

        Assert.That(text, Does.Contain("\tchain cluster-ips-check {\n\t\tip daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\"\n"
            + "\t\tip daddr { 10.96.0.0/12 } drop comment \"Drop traffic to unallocated ClusterIPs\"\n\t}\n"));
        Assert.That(text, Does.Contain("\t\tip6 daddr { fd00:96::/112 } drop comment \"Drop traffic to unallocated ClusterIPs\"\n"));
    }

    [Test]
    public void Without_a_service_cidr_unused_addresses_are_not_dropped() =>
        Assert.That(Nft(Cluster(Web())), Does.Not.Contain("unallocated"));

    [Test]
    public void A_family_without_services_has_its_table_deleted_and_not_refilled()
    {
        string text = Nft(Cluster(Web()));
        Assert.That(text, Does.EndWith("}\n\ntable ip6 cluster\ndelete table ip6 cluster\n"));
        Assert.That(text, Does.Not.Contain("table ip6 cluster {"));
    }

    [Test]
    public void A_policy_without_services_declares_no_service_tables()
    {
        string text = Nft(new Policy("plain", new[] { new Table(TableKind.Filter, new[] { Chain.Builtin(Hook.Input, Verdict.Accept, Array.Empty<Rule>(), At) }) }, Array.Empty<Intent>(), At));
        Assert.That(text, Does.Not.Contain("table ip ").And.Not.Contain("table ip6 ").And.Not.Contain("kube-proxy"));
    }

    [Test]
    public void A_service_without_endpoints_is_rejected_through_the_no_endpoint_maps()
    {
        string text = Nft(Cluster(Web() with { Endpoints = Array.Empty<ServiceEndpoint>() }));
        Assert.That(text, Does.Contain("elements = { 10.96.0.10 . tcp . 80 comment \"default/web:http\" : goto reject-chain }"));
        Assert.That(text, Does.Contain("elements = { tcp . 30080 comment \"default/web:http\" : goto reject-chain }"));
        Assert.That(text, Does.Not.Contain("goto service-").And.Not.Contain("chain endpoint-"), "no chain is written for a service without endpoints");
    }

    [Test]
    public void The_output_is_the_same_bytes_every_time()
    {
        var policy = Cluster(Web() with { SessionAffinityTimeout = 60 }, Web("shop", "cart", "", "10.96.0.30") with { NodePort = null });
        Assert.That(Nft(policy), Is.EqualTo(Nft(policy)));
    }

    [TestCase("default", "web\" accept", "http")]
    [TestCase("default", "web } chain x {", "http")]
    [TestCase("default", "web\nflush ruleset", "http")]
    [TestCase("ns/other", "web", "http")]
    [TestCase("default", "web", "ht tp")]
    public void A_name_that_could_leave_its_word_never_reaches_the_script(string ns, string name, string port)
    {
        var service = Web(ns, name, port);

        // Through the compiler the checker refuses it as no Kubernetes name, and nothing is written.
        var result = PolicyCompiler.Compile(Cluster(service), new[] { RulesetFormat.Nft });
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Rulesets, Is.Empty);

        // Past the checker (a front end that skipped it), the nft back end's own check refuses it too...
        var nftInput = PolicyLowering.LowerAllButServices(Cluster(service));
        var found = NftCompatibility.Check(nftInput);
        Assert.That(found.Select(d => d.Id), Does.Contain("RL3101"));
        Assert.That(found.First().Location, Is.EqualTo(At));
        Assert.That(found.First().Message, Does.Not.Contain("\n"), "the diagnostic shows control characters escaped");

        // ...and printing it anyway is refused, not written, in either layout.
        Assert.Throws<InvalidOperationException>(() => NftBackend.Render(nftInput, NftServiceLayout.KubeProxy));
        Assert.Throws<InvalidOperationException>(() => NftBackend.Render(nftInput, NftServiceLayout.Compact));
    }

    [Test]
    public void Two_services_on_one_map_key_are_refused_for_nft()
    {
        var first = Web();
        var second = Web("shop", "cart", "http") with { NodePort = 30081 };
        var found = NftCompatibility.Check(PolicyLowering.LowerAllButServices(Cluster(first, second)));
        Assert.That(found.Select(d => d.Id), Is.EqualTo(new[] { "RL3101" }));
        Assert.That(found[0].Message, Does.Contain("shop/cart:http on 10.96.0.10 tcp port 80").And.Contain("default/web:http claims the same key"));
    }

    [Test]
    public void Affinity_and_source_ranges_compile_for_nft_in_this_layout()
    {
        var front = Web() with
        {
            SessionAffinityTimeout = 10800,
            LoadBalancerIps = new[] { "203.0.113.10" },
            LoadBalancerSourceRanges = new[] { "198.51.100.0/24" },
        };
        string text = Nft(Cluster(front));
        string firewall = $"firewall-{Hash8("default/web/tcp/http")}-default/web/tcp/http";
        Assert.That(text, Does.Contain($"elements = {{ 203.0.113.10 . tcp . 80 : goto {firewall} }}"));
        Assert.That(text, Does.Contain($"\tchain {firewall} {{\n\t\tip saddr != {{ 198.51.100.0/24 }} drop\n\t}}"));
        Assert.That(text, Does.Contain("timeout 3h"));
    }

    private sealed class ServicesAndSsh : PolicyDefinition
    {
        public override string Name => "cluster";

        protected override void Define(PolicyBuilder p)
        {
            p.Filter.Input.Tcp().DestinationPort(22).Accept();
            p.Service("default", "web").ClusterIp("10.96.0.10").Port("http", Protocol.Tcp, 80, targetPort: 8080).Endpoints("10.244.1.10");
        }
    }
}
