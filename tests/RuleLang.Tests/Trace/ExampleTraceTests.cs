using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Trace;
using RuleLang.Cli;
using RuleLang.Examples.ClusterNode;
using RuleLang.Examples.Gateway;
using RuleLang.Examples.WebServer;
using RuleLang.Model;
using RuleLang.Tests.Kube;
using static RuleLang.Tests.Trace.TraceModel;

namespace RuleLang.Tests.Trace;

/// <summary>The example policies and the seed cluster, traced from their C# definitions and from the committed dump.</summary>
public class ExampleTraceTests
{
    private static Policy Seed => KubePolicies.All().Single(p => p.Name == "seed-ingress-nginx").Build();

    [Test]
    public void Seed_nodeport_walks_kube_services_nodeports_ext_svc_and_splits_50_50_over_the_two_seps()
    {
        var result = TraceOf(Seed, "tcp 203.0.113.5:40000 -> 192.168.49.2:32096 iif eth0 oif cni0", new TraceOptions { LocalAddresses = new[] { "192.168.49.2" } });

        Assert.That(result.Paths, Has.Count.EqualTo(2));
        foreach (var (path, sep, endpoint) in new[] { (0, "KUBE-SEP-6H6KWTK54XINZYKA", "10.0.0.174:80"), (1, "KUBE-SEP-FVC7R5WK2VSWSO3E", "10.0.0.97:80") })
        {
            var natChains = result.Paths[path].Steps.Where(s => s.Kind == TraceStepKind.Rule && s.Table == Model.Netfilter.TableKind.Nat && s.Hook == Model.Netfilter.Hook.Prerouting)
                .Select(s => s.Chain).Distinct().ToArray();
            Assert.That(natChains, Is.EqualTo(new[]
            {
                "PREROUTING", "KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-EXT-CG5I4G2RS3ZVWGLK", "KUBE-MARK-MASQ", "KUBE-SVC-CG5I4G2RS3ZVWGLK", sep,
            }), TraceTextWriter.Write(result));
            Assert.That(result.Paths[path].Outcome.DestinationText, Is.EqualTo(endpoint));
        }
        Assert.That(result.Outcomes.Select(o => (o.Probability, o.Verdict, o.DestinationText, o.MasqueradeInterface)), Is.EquivalentTo(new[]
        {
            (0.5, TraceVerdict.Accepted, "10.0.0.174:80", (string?)"cni0"),
            (0.5, TraceVerdict.Accepted, "10.0.0.97:80", (string?)"cni0"),
        }));
        var sepStep = result.Paths[0].Steps.Single(s => s.Chain == "KUBE-SVC-CG5I4G2RS3ZVWGLK" && s.Kind == TraceStepKind.Rule);
        Assert.That((sepStep.Branch, sepStep.Comment), Is.EqualTo(((double?)0.5, "ingress-nginx/ingress-nginx-controller:http -> 10.0.0.174:80")));
    }

    [Test]
    public void Seed_cluster_ip_from_a_pod_is_not_masqueraded()
    {
        var result = TraceOf(Seed, "tcp 10.0.1.5:40000 -> 10.102.84.62:80 iif cali1 oif cali2", new TraceOptions { LocalAddresses = new[] { "192.168.49.2" } });
        Assert.That(result.Outcomes.Select(o => (o.Probability, o.DestinationText, o.SourceText)), Is.EquivalentTo(new[]
        {
            (0.5, "10.0.0.174:80", "10.0.1.5:40000"),
            (0.5, "10.0.0.97:80", "10.0.1.5:40000"),
        }));
    }

    [Test]
    public void Cluster_node_api_service_splits_in_thirds_as_the_kernel_rounds_them()
    {
        var result = TraceOf(new ClusterNodePolicy().Build(), "tcp 172.20.0.2:40000 -> 10.96.0.20:9000 iif eth0 oif veth1", new TraceOptions { LocalAddresses = new[] { "172.20.0.1" } });
        double first = 715827883 / 2147483648.0;
        Assert.That(result.Outcomes.Select(o => o.DestinationText).OrderBy(d => d), Is.EqualTo(ClusterNodePolicy.ApiEndpoints.Select(e => $"{e.Address}:{e.Port}").OrderBy(d => d)));
        Assert.That(result.Outcomes.Single(o => o.DestinationText == "10.244.1.11:9000").Probability, Is.EqualTo(first));
        Assert.That(result.Outcomes.Single(o => o.DestinationText == "10.244.2.11:9000").Probability, Is.EqualTo((1 - first) * 0.5));
        Assert.That(result.Outcomes.Sum(o => o.Probability), Is.EqualTo(1.0).Within(1e-15));
        Assert.That(result.Paths[0].Steps.First(s => s.Kind == TraceStepKind.Rule).Location.File, Does.EndWith("ClusterNodePolicy.cs"), "lowered rules point at the Service call");
    }

    [TestCase("tcp 192.168.1.10:40000 -> 192.168.1.1:22 iif lan", "192.168.1.1", TraceVerdict.Accepted, "192.168.1.1:22")]
    [TestCase("tcp 203.0.113.10:40000 -> 203.0.113.1:22 iif out", "203.0.113.1", TraceVerdict.Dropped, "203.0.113.1:22")]
    [TestCase("tcp 203.0.113.10:40000 -> 203.0.113.1:80 iif out", "203.0.113.1", TraceVerdict.Accepted, "203.0.113.1:8080")]
    [TestCase("tcp 203.0.113.10:40000 -> 203.0.113.1:8080 iif out", "203.0.113.1", TraceVerdict.Dropped, "203.0.113.1:8080")]
    [TestCase("tcp [2001:db8:9::10]:40000 -> [2001:db8:9::1]:80 iif out", "2001:db8:9::1", TraceVerdict.Accepted, "[2001:db8:9::1]:8080")]
    [TestCase("tcp 203.0.113.10:40000 -> 203.0.113.1:3306 iif out state established", "203.0.113.1", TraceVerdict.Accepted, "203.0.113.1:3306")]
    [TestCase("tcp 203.0.113.10:40000 -> 203.0.113.1:3306 iif out state invalid", "203.0.113.1", TraceVerdict.Dropped, "203.0.113.1:3306")]
    public void Web_server(string packet, string local, TraceVerdict verdict, string destination)
    {
        var outcome = Only(TraceOf(new WebServerPolicy().Build(), packet, new TraceOptions { LocalAddresses = new[] { local } }));
        Assert.That((outcome.Verdict, outcome.DestinationText), Is.EqualTo((verdict, destination)));
    }

    [TestCase("tcp 198.51.100.10:40000 -> 198.51.100.1:2222 iif wan0 oif lan0", TraceVerdict.Accepted, "10.0.0.2:22", "198.51.100.10:40000", 0x10u)]
    [TestCase("tcp 10.0.0.3:40000 -> 198.51.100.10:80 iif lan0 oif wan0", TraceVerdict.Accepted, "198.51.100.10:80", "the address of wan0 (MASQUERADE)", 0u)]
    [TestCase("tcp 198.51.100.10:40000 -> 10.0.0.3:8000 iif wan0 oif lan0", TraceVerdict.Dropped, "10.0.0.3:8000", "198.51.100.10:40000", 0u)]
    [TestCase("udp 10.0.0.3:40000 -> 10.0.0.1:8125 iif lan0", TraceVerdict.Accepted, "10.0.0.1:8125", "10.0.0.3:40000", 0u)]
    [TestCase("udp 10.0.0.3:40000 -> 10.0.0.1:9999 iif lan0", TraceVerdict.Dropped, "10.0.0.1:9999", "10.0.0.3:40000", 0u)]
    public void Gateway(string packet, TraceVerdict verdict, string destination, string source, uint mark)
    {
        var options = new TraceOptions { LocalAddresses = new[] { "10.0.0.1", "198.51.100.1" } };
        var outcome = Only(TraceOf(new GatewayPolicy().Build(), packet, options));
        Assert.That((outcome.Verdict, outcome.DestinationText, outcome.SourceText, outcome.Mark), Is.EqualTo((verdict, destination, source, mark)));
    }

    [Test]
    public void Cli_reproduces_the_seed_walk_through_from_the_committed_dump()
    {
        string dump = Path.Combine(Testing.RepoPaths.Examples, "KubeCluster", "rulesets", "cluster.iptables");
        var (code, stdout, stderr) = Run("trace", dump, "--packet", "tcp 203.0.113.5:40000 -> 192.168.49.2:32096 iif eth0 oif cni0", "--local", "192.168.49.2");

        Assert.That(code, Is.EqualTo(0), stderr);
        string[] lines = stdout.Split('\n');
        Assert.That(lines[0], Is.EqualTo("packet: tcp 203.0.113.5:40000 -> 192.168.49.2:32096 iif eth0 oif cni0 state new"));
        string dumpLine(string rule) => Array.FindIndex(File.ReadAllLines(dump), l => l.StartsWith(rule, StringComparison.Ordinal)) + 1 is var n && n > 0 ? $"cluster.iptables({n})" : throw new AssertionException("no " + rule);
        Assert.That(stdout, Does.Contain("  nat PREROUTING  rule 1  ").And.Contain(dumpLine("-A PREROUTING -m comment --comment \"kubernetes service portals\"") + "  -j KUBE-SERVICES"));
        Assert.That(stdout, Does.Contain("    nat KUBE-SERVICES  rule ").And.Contain("-j KUBE-NODEPORTS"));
        Assert.That(stdout, Does.Contain(dumpLine("-A KUBE-SVC-CG5I4G2RS3ZVWGLK -m comment --comment \"ingress-nginx/ingress-nginx-controller:http -> 10.0.0.174:80\"") + "  -j KUBE-SEP-6H6KWTK54XINZYKA  [50%]"));
        Assert.That(stdout, Does.Contain("DNAT 192.168.49.2:32096 -> 10.0.0.174:80").And.Contain("DNAT 192.168.49.2:32096 -> 10.0.0.97:80"));
        Assert.That(stdout, Does.Contain("outcomes:\n       50%  ACCEPT, forwarded: the address of cni0 (MASQUERADE) -> 10.0.0.174:80\n       50%  ACCEPT, forwarded: the address of cni0 (MASQUERADE) -> 10.0.0.97:80\n"));
    }

    [Test]
    [NonParallelizable]
    public void The_walk_through_in_docs_is_the_commands_real_output()
    {
        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Testing.RepoPaths.Root;
        try
        {
            var (code, stdout, stderr) = Run("trace", "examples/KubeCluster/rulesets/cluster.iptables", "--packet", "tcp 203.0.113.5:40000 -> 192.168.49.2:32096 iif eth0 oif cni0", "--local", "192.168.49.2");
            Assert.That(code, Is.EqualTo(0), stderr);
            string doc = File.ReadAllText(Path.Combine("docs", "trace.md"));
            Assert.That(doc, Does.Contain("```text\n" + stdout + "```"), "docs/trace.md shows an output the command no longer prints:\n" + stdout);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Test]
    public void Cli_json_and_a_bad_packet()
    {
        string rl = Path.Combine(Testing.RepoPaths.Examples, "TextPolicies", "policies", "web-server.rl");
        var (code, stdout, _) = Run("trace", rl, "--packet", "tcp 203.0.113.10:40000 -> 203.0.113.1:80 iif eth0", "--format", "json");
        Assert.That(code, Is.EqualTo(0));
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        var outcome = json.RootElement.GetProperty("outcomes")[0];
        Assert.That((outcome.GetProperty("verdict").GetString(), outcome.GetProperty("destinationPort").GetInt32(), outcome.GetProperty("probability").GetDouble()), Is.EqualTo(("accepted", 8080, 1.0)));
        Assert.That(json.RootElement.GetProperty("paths")[0].GetProperty("steps").EnumerateArray().Any(s => s.TryGetProperty("file", out var f) && f.GetString()!.EndsWith("web-server.rl", StringComparison.Ordinal)), Is.True);

        var (badCode, badOut, badErr) = Run("trace", rl, "--packet", "tcp 203.0.113.10:40000 => 203.0.113.1:80 iif eth0");
        Assert.That(badCode, Is.EqualTo(1));
        Assert.That(badOut, Is.Empty);
        Assert.That(badErr.Trim(), Does.StartWith("--packet(1,24): error RL0601: expected '->' between source and destination, found '=>'"));
    }

    private static (int Code, string StdOut, string StdErr) Run(params string[] args) => CliRunner.Run(args);
}
