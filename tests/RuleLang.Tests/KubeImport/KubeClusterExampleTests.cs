using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using RuleLang.Cli;
using RuleLang.Compiler;
using RuleLang.Testing;

namespace RuleLang.Tests.KubeImport;

/// <summary>
/// examples/KubeCluster: its committed rulesets are exactly what `rulelang kube` writes from its cluster.json and
/// node.rsp now (the same command build.cake's Kube-Example runs), so a change to the importer, the lowering or a
/// back end that moves a byte fails here until the example is regenerated and the diff reviewed.
/// </summary>
[NonParallelizable]
public class KubeClusterExampleTests
{
    public static string Folder => Path.Combine(RepoPaths.Examples, "KubeCluster");

    public static string ClusterJson => Path.Combine(Folder, "cluster.json");

    private static string Rulesets => Path.Combine(Folder, "rulesets");

    private const string Regenerate = "dotnet cake --target=Kube-Example";

    private string _out = "";

    [SetUp]
    public void CreateFolder() => _out = Path.Combine(Path.GetTempPath(), "rulelang-kube-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [TestCase("rulesets", "iptables", "ip6tables")]
    [TestCase("rulesets", "nft")]
    [TestCase("rulesets/kube-proxy-layout", "nft", "--layout", "kube-proxy")]
    public void Committed_rulesets_are_what_rulelang_kube_writes_now(string folder, params string[] formats)
    {
        var args = new List<string> { "kube", ClusterJson, "@" + Path.Combine(Folder, "node.rsp"), "--out", _out, "--format" };
        args.AddRange(formats);
        var (code, stdout, stderr) = Run(args.ToArray());
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        foreach (string written in Directory.GetFiles(_out).OrderBy(p => p, StringComparer.Ordinal))
        {
            string name = Path.Combine(folder, Path.GetFileName(written));
            string committed = Path.Combine(Folder, name);
            Assert.That(File.Exists(committed), Is.True, $"{name} is not committed in examples/KubeCluster; run {Regenerate}");
            byte[] expected = File.ReadAllBytes(committed);
            byte[] actual = File.ReadAllBytes(written);
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                Assert.Fail($"examples/KubeCluster/{name} differs from what rulelang kube writes now; review the diff, then run {Regenerate}:\n"
                    + TextDiff.Unified(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual), name));
            }
        }
    }

    [Test]
    public void The_seed_service_has_kube_proxy_s_own_chain_names()
    {
        // The names kube-proxy itself programs for the seed cluster (taken from a live node, not from RuleLang).
        string iptables = File.ReadAllText(Path.Combine(Rulesets, "cluster.iptables"));
        Assert.That(iptables, Does.Contain(
            "-A KUBE-SERVICES -d 10.102.84.62/32 -p tcp -m comment --comment \"ingress-nginx/ingress-nginx-controller:http cluster IP\" -m tcp --dport 80 -j KUBE-SVC-CG5I4G2RS3ZVWGLK\n"));
        Assert.That(iptables, Does.Contain(
            "-A KUBE-SERVICES -d 10.102.84.62/32 -p tcp -m comment --comment \"ingress-nginx/ingress-nginx-controller:https cluster IP\" -m tcp --dport 443 -j KUBE-SVC-EDNDUDH2C75GIR6O\n"));
        Assert.That(iptables, Does.Contain(
            "-A KUBE-SVC-CG5I4G2RS3ZVWGLK -m comment --comment \"ingress-nginx/ingress-nginx-controller:http -> 10.0.0.174:80\" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-6H6KWTK54XINZYKA\n"));
        Assert.That(iptables, Does.Contain(
            "-A KUBE-SVC-CG5I4G2RS3ZVWGLK -m comment --comment \"ingress-nginx/ingress-nginx-controller:http -> 10.0.0.97:80\" -j KUBE-SEP-FVC7R5WK2VSWSO3E\n"));
        Assert.That(iptables, Does.Contain("-A KUBE-SEP-6H6KWTK54XINZYKA -p tcp -m comment --comment \"ingress-nginx/ingress-nginx-controller:http\" -j DNAT --to-destination 10.0.0.174:80\n"));
        Assert.That(iptables, Does.Contain("-A KUBE-SEP-FVC7R5WK2VSWSO3E -p tcp -m comment --comment \"ingress-nginx/ingress-nginx-controller:http\" -j DNAT --to-destination 10.0.0.97:80\n"));
        Assert.That(iptables, Does.Contain("--dport 32096 -j KUBE-EXT-CG5I4G2RS3ZVWGLK\n"));
        // kube-dns and the API server: names every kube-proxy node in the world carries.
        Assert.That(iptables, Does.Contain("-j KUBE-SVC-TCOU7JCQXEZGVUNU\n").And.Contain("-j KUBE-SVC-ERIFXISQEP7F7OF4\n")
            .And.Contain("-j KUBE-SVC-JD5MR3NA4I4DYORP\n").And.Contain("-j KUBE-SVC-NPX46M4PTMTKRN6Y\n"));
    }

    [Test]
    public void The_example_reports_what_kube_proxy_skips_and_nothing_else()
    {
        var (code, stdout, stderr) = Run("kube", ClusterJson, "@" + Path.Combine(Folder, "node.rsp"), "--format", "iptables", "--out", _out);
        Assert.That((code, stdout), Is.EqualTo((0, "")), stderr);
        var diagnostics = stderr.Split('\n').Where(l => l.Contains(" RL")).Select(l => l.Substring(l.IndexOf(" RL", StringComparison.Ordinal) + 1, 6)).ToArray();
        Assert.That(diagnostics, Is.EqualTo(new[] { "RL0503", "RL0503", "RL2201" }), stderr);
        Assert.That(stderr, Does.Contain("db/postgres").And.Contain("external/legacy-api").And.Contain("shop/checkout-canary:http"));
    }

    internal static (int Code, string StdOut, string StdErr) Run(params string[] args) => CliRunner.Run(args);
}
