using System;
using System.IO;
using NUnit.Framework;

namespace RuleLang.Tests.KubeImport;

/// <summary>rulelang kube's contract: MSBuild-format diagnostics, exit code 1 and no file on any error, atomic and idempotent writes.</summary>
[NonParallelizable]
public class KubeCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "rulelang-kube-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Broken_JSON_writes_nothing_and_points_at_the_mistake()
    {
        string file = Path.Combine(_dir, "broken.json");
        File.WriteAllText(file, "{\n  \"kind\": \"List\",\n  \"items\": [\n");
        string outDir = Path.Combine(_dir, "out");
        var (code, _, stderr) = KubeClusterExampleTests.Run("kube", file, "--out", outDir);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Match(@"broken\.json\(4,1\): error RL0501: the file is not well-formed JSON: "));
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [Test]
    public void A_checker_error_in_a_service_is_reported_at_its_JSON_line()
    {
        string file = Path.Combine(_dir, "bad-name.json");
        File.WriteAllText(file, KubeJson.List(KubeJson.Service("web", "Not_A_Name", "10.96.0.1", KubeJson.Port("http", 80))));
        var (code, _, stderr) = KubeClusterExampleTests.Run("kube", file, "--format", "iptables", "--out", Path.Combine(_dir, "out"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Match(@"bad-name\.json\(\d+,\d+\): error RL2204: "));
        Assert.That(Directory.Exists(Path.Combine(_dir, "out")), Is.False);
    }

    [Test]
    public void Writes_the_rulesets_named_after_the_policy_and_leaves_unchanged_files_alone()
    {
        string file = Path.Combine(_dir, "cluster.json");
        File.Copy(KubeClusterExampleTests.ClusterJson, file);
        string outDir = Path.Combine(_dir, "out");
        var first = KubeClusterExampleTests.Run("kube", file, "--name", "node-1", "--format", "iptables", "ip6tables", "--out", outDir);
        Assert.That(first.Code, Is.EqualTo(0), first.StdErr);
        Assert.That(first.StdErr, Does.Contain("wrote " + Path.Combine(outDir, "node-1.iptables")).And.Contain("wrote " + Path.Combine(outDir, "node-1.ip6tables")));
        var second = KubeClusterExampleTests.Run("kube", file, "--name", "node-1", "--format", "iptables", "ip6tables", "--out", outDir);
        Assert.That(second.StdErr, Does.Contain("unchanged " + Path.Combine(outDir, "node-1.iptables")));
        Assert.That(Directory.GetFiles(outDir, ".*.tmp"), Is.Empty);
    }

    [Test]
    public void Node_options_reach_the_rules()
    {
        string file = Path.Combine(_dir, "c.json");
        File.WriteAllText(file, KubeJson.List(KubeJson.Service("web", "a", "10.96.0.1", KubeJson.Port("http", 80)),
            KubeJson.Slice("web", "a", "a-1", "IPv4", new[] { KubeJson.SlicePort("http", 8080) }, KubeJson.Endpoint("10.0.0.5"))));
        var (code, stdout, _) = KubeClusterExampleTests.Run("kube", file, "--format", "iptables", "--cluster-cidr", "10.0.0.0/16", "--masquerade-bit", "15");
        Assert.That(code, Is.EqualTo(0), stdout);
        Assert.That(stdout, Does.Contain("! -s 10.0.0.0/16 -d 10.96.0.1/32").And.Contain("--set-xmark 0x8000/0x8000"));
    }

    [Test]
    public void A_service_cidr_drops_unused_cluster_ips_in_nft_only()
    {
        string file = Path.Combine(_dir, "c.json");
        File.WriteAllText(file, KubeJson.List(KubeJson.Service("web", "a", "10.96.0.1", KubeJson.Port("http", 80)),
            KubeJson.Slice("web", "a", "a-1", "IPv4", new[] { KubeJson.SlicePort("http", 8080) }, KubeJson.Endpoint("10.0.0.5"))));

        var nft = KubeClusterExampleTests.Run("kube", file, "--format", "nft", "--service-cidr", "10.96.0.0/12");
        var iptables = KubeClusterExampleTests.Run("kube", file, "--format", "iptables", "--service-cidr", "10.96.0.0/12");
        var twice = KubeClusterExampleTests.Run("kube", file, "--format", "nft", "--service-cidr", "10.96.0.0/12", "10.112.0.0/12");

        Assert.That(nft.Code, Is.EqualTo(0), nft.StdErr);
        Assert.That(nft.StdOut, Does.Contain("ip daddr { 10.96.0.0/12 } drop comment \"Drop traffic to unallocated ClusterIPs\""));
        // kube-proxy's iptables mode has no rule for unallocated cluster IPs (pkg/proxy/iptables/proxier.go).
        Assert.That(iptables.Code, Is.EqualTo(0), iptables.StdErr);
        Assert.That(iptables.StdOut, Does.Not.Contain("10.96.0.0/12"));
        Assert.That(twice.Code, Is.EqualTo(1));
        Assert.That(twice.StdErr, Does.Contain("RL2211").And.Not.Contain("   at "));
        Assert.That(twice.StdOut, Is.Empty);
    }

    [Test]
    public void A_missing_file_is_an_error_without_a_stack_trace()
    {
        var (code, _, stderr) = KubeClusterExampleTests.Run("kube", Path.Combine(_dir, "none.json"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("no such file").And.Not.Contain("   at "));
    }
}
