using System;
using System.Globalization;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Tests.Kube;

/// <summary>
/// The compact services layout: a chain count that does not grow with services or endpoints, the per-service data
/// in sets and maps, deterministic bytes, and kube-proxy's chains only for services with ClientIP affinity.
/// </summary>
public class CompactNftLayoutTests
{
    private static readonly SourceLocation At = new("cluster.cs", 3, 5);

    /// <summary>Service i: cluster IP 10.96.x.y port 80, NodePort 30000+i (below 32768), <paramref name="endpoints"/> endpoints.</summary>
    private static ServiceIntent Service(int i, int endpoints = 5, int? affinity = null)
    {
        string ip = string.Create(CultureInfo.InvariantCulture, $"10.96.{i / 250}.{(i % 250) + 1}");
        var eps = Enumerable.Range(0, endpoints)
            .Select(e => new ServiceEndpoint(string.Create(CultureInfo.InvariantCulture, $"10.{100 + e}.{i / 250}.{(i % 250) + 1}"), 8080))
            .ToArray();
        return new ServiceIntent("default", "svc-" + i.ToString(CultureInfo.InvariantCulture), "http", Protocol.Tcp, ip, 80,
            i < 2768 ? 30000 + i : null, eps, At) { SessionAffinityTimeout = affinity };
    }

    private static Policy Cluster(params Intent[] intents) =>
        new Policy("cluster", Array.Empty<Table>(), intents, At) with { Cluster = ClusterSettings.Default with { ClusterCidr = "10.244.0.0/16" } };

    private static string Nft(Policy policy, NftServiceLayout layout = NftServiceLayout.Compact)
    {
        var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft }, layout);
        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        return result.Rulesets.Single().Text;
    }

    /// <summary>The layout's chains per family: kube-proxy's 8 base chains and 8 helpers, 5 kinds of entry, 4 endpoint pickers.</summary>
    private const int FixedChains = 25;

    private static int Chains(string text) => text.Split('\n').Count(l => l.StartsWith("\tchain ", StringComparison.Ordinal));

    [Test]
    public void The_chain_count_is_the_same_at_10_1000_and_10000_services()
    {
        var counts = new[] { 10, 1000, 10000 }.Select(n => Chains(Nft(Cluster(Enumerable.Range(0, n).Select(i => (Intent)Service(i)).ToArray())))).ToArray();

        Assert.That(counts, Is.EqualTo(new[] { counts[0], counts[0], counts[0] }), "chains at 10, 1,000 and 10,000 services");
        Assert.That(counts[0], Is.EqualTo(FixedChains), "the IPv4 table holds the fixed chains and no other (the IPv6 table is only deleted)");
        // kube-proxy's layout for comparison: a chain per service port and per endpoint.
        Assert.That(Chains(Nft(Cluster(Enumerable.Range(0, 10).Select(i => (Intent)Service(i)).ToArray()), NftServiceLayout.KubeProxy)),
            Is.GreaterThan(counts[0] + 10 * 6));
    }

    [Test]
    public void Endpoint_counts_add_rules_to_the_pickers_not_chains()
    {
        string text = Nft(Cluster(Service(0, endpoints: 1), Service(1, endpoints: 2), Service(2, endpoints: 7), Service(3, endpoints: 2)));

        Assert.That(Chains(text), Is.EqualTo(FixedChains));
        foreach (int n in new[] { 1, 2, 7 })
        {
            Assert.That(text, Does.Contain($"\t\tip daddr . meta l4proto . th dport @endpoints-{n} dnat ip to ip daddr . meta l4proto . th dport . numgen random mod {n} map @endpoints\n"));
        }
        Assert.That(text, Does.Contain("\tset endpoints-2 {\n\t\ttype ipv4_addr . inet_proto . inet_service\n\t\tcomment \"keys with 2 endpoints in @endpoints\"\n"
            + "\t\telements = { 10.96.0.2 . tcp . 80,\n\t\t\t     10.96.0.4 . tcp . 80 }\n"));
        // Index i of a key is kube-proxy's i-th endpoint (sorted by ip:port).
        Assert.That(text, Does.Contain("10.96.0.3 . tcp . 80 . 6 : 10.106.0.3 . 8080"));
        Assert.That(text, Does.Contain("tcp . 30002 . 6 : 10.106.0.3 . 8080"));
    }

    [Test]
    public void Only_services_with_ClientIP_affinity_get_chains_of_their_own()
    {
        string text = Nft(Cluster(Service(0), Service(1, endpoints: 3, affinity: 600), Service(2)));

        Assert.That(Chains(text), Is.EqualTo(FixedChains + 1 + 1 + 3), "service-, external- and an endpoint- chain per endpoint");
        Assert.That(text, Does.Contain("10.96.0.2 . tcp . 80 comment \"default/svc-1:http\" : goto service-"));
        Assert.That(text, Does.Contain("tcp . 30001 comment \"default/svc-1:http\" : goto external-"));
        Assert.That(text, Does.Contain("10.96.0.1 . tcp . 80 comment \"default/svc-0:http\" : goto cluster-ip"));
        Assert.That(text, Does.Not.Contain("10.96.0.2 . tcp . 80 . 0"), "the affinity service's endpoints are in its chains, not in the maps");
        Assert.That(text.Split('\n').Count(l => l.StartsWith("\tset affinity-", StringComparison.Ordinal)), Is.EqualTo(3));
    }

    [Test]
    public void The_bytes_are_the_same_on_every_run()
    {
        var policy = Cluster(Enumerable.Range(0, 50).Select(i => (Intent)Service(i, endpoints: 1 + (i % 4), affinity: i % 10 == 0 ? 60 : null)).ToArray());
        Assert.That(Nft(policy), Is.EqualTo(Nft(policy)));
    }

    [Test]
    public void A_source_range_inside_another_is_left_out_of_the_interval_set()
    {
        var front = Service(0) with
        {
            LoadBalancerIps = new[] { "203.0.113.10" },
            LoadBalancerSourceRanges = new[] { "198.51.0.0/16", "198.51.100.0/24", "192.0.2.7" },
        };
        string text = Nft(Cluster(front));

        Assert.That(text, Does.Contain("\t\telements = { 203.0.113.10 . tcp . 80 . 198.51.0.0/16,\n\t\t\t     203.0.113.10 . tcp . 80 . 192.0.2.7 }\n"));
        Assert.That(text, Does.Contain("\t\tip daddr . meta l4proto . th dport @firewall-ips ip daddr . meta l4proto . th dport . ip saddr != @firewall-allowed drop\n"));
    }

    [Test]
    public void Dual_stack_services_fill_the_ip6_table_with_the_same_chains()
    {
        var v6 = Service(0) with
        {
            ClusterIp = "fd00:96::1",
            Endpoints = new[] { new ServiceEndpoint("fd00:244:1::10", 8080), new ServiceEndpoint("fd00:244:2::10", 8080) },
        };
        string text = Nft(Cluster(Service(0), v6));
        string ip6 = text.Substring(text.IndexOf("table ip6 cluster {", StringComparison.Ordinal));

        Assert.That(Chains(ip6), Is.EqualTo(FixedChains));
        Assert.That(ip6, Does.Contain("\t\tip6 daddr . meta l4proto . th dport @endpoints-2 dnat ip6 to ip6 daddr . meta l4proto . th dport . numgen random mod 2 map @endpoints\n"));
        Assert.That(ip6, Does.Contain("fd00:96::1 . tcp . 80 . 1 : fd00:244:2::10 . 8080"));
        Assert.That(ip6, Does.Contain("\t\tfib daddr type local ip6 daddr != ::1 meta l4proto . th dport vmap @service-nodeports\n"));
        Assert.That(ip6, Does.Contain("\t\tct status dnat ip6 saddr . ip6 daddr @hairpin jump mark-for-masquerade\n"));
    }
}
