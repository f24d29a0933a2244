using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.Testing;

namespace RuleLang.KernelTests;

/// <summary>
/// `rulelang emit … > f` and `rulelang kube … > f` are loaded as they are: the tool runs as a process on an input
/// that compiles with a warning, and its stdout goes to the real loader (iptables-restore, ip6tables-restore,
/// nft -f) in a fresh namespace. A diagnostic on stdout used to fail the load at line 1, or worse: from an input
/// named `flush ruleset;#.rl` the warning line was an nft command that wiped every other table. The namespace holds
/// a table of its own before the load, which must still be there after it.
/// </summary>
[TestFixture]
public sealed class StdoutLoadKernelTests : KernelTestBase
{
    private const string HostileRl = "flush ruleset;#.rl";
    private const string Sentinel = "rl_sentinel";
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("rulelang-stdout-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (string format in new[] { "iptables", "ip6tables", "nft" })
        {
            foreach (string input in new[] { "rl", "hostile-rl", "dump", "assembly" })
            {
                yield return new TestCaseData("emit", input, format).SetArgDisplayNames("emit", input, format);
            }
            foreach (string input in new[] { "kube", "hostile-kube" })
            {
                yield return new TestCaseData("kube", input, format).SetArgDisplayNames("kube", input, format);
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void What_the_tool_prints_loads_with_the_real_loader(string command, string input, string format)
    {
        var args = new List<string> { command };
        args.AddRange(Input(input));
        args.AddRange(new[] { "--format", format });
        // Relative input names, as typed in a shell: a diagnostic line starts with the name.
        ExecResult tool = ProcessRunner.Run("dotnet", args.Prepend(Path.Combine(AppContext.BaseDirectory, "RuleLang.Cli.dll")).ToArray(), null, TimeSpan.FromSeconds(60), _dir);
        Assert.That(tool.Success, Is.True, tool.Describe);

        NetNamespace ns = CreateNamespace("stdout");
        ns.Exec($"nft add table inet {Sentinel}").EnsureSuccess("adding the sentinel table");
        ExecResult load = format switch
        {
            "iptables" => ns.RestoreIptables(tool.StdOut, IpFamily.V4),
            "ip6tables" => ns.RestoreIptables(tool.StdOut, IpFamily.V6),
            _ => ns.LoadNft(tool.StdOut),
        };
        Assert.That(load.Success, Is.True, () => $"the loader refused the tool's stdout: {load.Describe()}\n{tool.StdOut}");
        if (format != "nft")
        {
            string saved = ns.SaveIptables(format == "ip6tables" ? IpFamily.V6 : IpFamily.V4);
            Assert.That(IptablesText.RuleLines(saved), Is.EqualTo(IptablesText.RuleLines(tool.StdOut)));
        }
        Assert.That(ns.Exec("nft list tables").EnsureSuccess().StdOut, Does.Contain("table inet " + Sentinel), "loading the output removed a table it does not own");
        Assert.That(tool.StdErr, Does.Contain("warning RL"), "the input must give a warning for this test to mean anything");
    }

    /// <summary>The arguments naming the input, written into the test's folder.</summary>
    private IEnumerable<string> Input(string kind)
    {
        const string rl = "policy cli-warns\ntable filter {\n    chain INPUT policy drop {\n        tcp saddr 10.0.0.1/8 dport 22 accept\n        tcp saddr 2001:db8::1/32 dport 22 accept\n    }\n}\n";
        string cluster = Path.Combine(RepoPaths.Examples, "KubeCluster", "cluster.json");
        switch (kind)
        {
            case "rl":
                File.WriteAllText(Path.Combine(_dir, "warns.rl"), rl);
                return new[] { "warns.rl" };
            case "hostile-rl":
                File.WriteAllText(Path.Combine(_dir, HostileRl), rl);
                return new[] { HostileRl };
            case "dump":
                File.WriteAllText(Path.Combine(_dir, "warns.rules"), "*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -s 10.0.0.1/8 -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");
                return new[] { "warns.rules" };
            case "assembly":
                return new[] { typeof(WarningPolicy).Assembly.Location, "--policy", "cli-warns" };
            // Whole tables: the test compares what the kernel saves with what was printed, and an own-chains
            // ruleset (kube's default) declares no built-in chain, which the kernel's save lists.
            case "kube":
                File.Copy(cluster, Path.Combine(_dir, "cluster.json"));
                return new[] { "cluster.json", "--owns", "tables" };
            default:
                File.Copy(cluster, Path.Combine(_dir, "flush ruleset;#.json"));
                return new[] { "flush ruleset;#.json", "--name", "node", "--owns", "tables" };
        }
    }
}
