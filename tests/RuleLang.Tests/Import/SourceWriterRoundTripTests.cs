using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.SourceWriters;
using RuleLang.Testing;
using RuleLang.Text;

namespace RuleLang.Tests.Import;

/// <summary>
/// import → .rl → RlParser → emit and import → C# → Roslyn → Build() → emit give what import → emit gives, for the
/// examples' rulesets, the seed dump and a dump of hostile strings.
/// </summary>
public class SourceWriterRoundTripTests
{
    public static IEnumerable<TestCaseData> Dumps()
    {
        var paths = Directory.GetFiles(RepoPaths.Examples, "*.ip*tables", SearchOption.AllDirectories)
            .Where(p => p.Contains($"{Path.DirectorySeparatorChar}rulesets{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "RuleLang.Tests", "Import", "Dumps"), "*.rules"))
            .Order(StringComparer.Ordinal);
        return paths.Select(p => new TestCaseData(p).SetArgDisplayNames(Path.GetFileName(p)));
    }

    [TestCaseSource(nameof(Dumps))]
    public void The_rl_source_parses_back_to_a_policy_that_emits_the_same_ruleset(string path)
    {
        var (family, imported, expected) = ImportAndRender(path);
        var written = RlSourceWriter.Write(imported.Policy, Options(imported, path));
        Assert.That(written.Diagnostics, Is.Empty, () => string.Join("\n", written.Diagnostics));
        foreach (var line in imported.Unimported)
        {
            Assert.That(written.Text, Does.Contain($"# not imported ({path}:{line.Location.Line}): "), "each unimported line is listed where it stood");
        }

        var parsed = RlParser.Parse(written.Text, "imported.rl", null);

        Assert.That(parsed.Diagnostics.Where(d => d.IsError), Is.Empty, () => string.Join("\n", parsed.Diagnostics) + "\n" + written.Text);
        Assert.That(ImportPipeline.Render(parsed.Policy!, family), Is.EqualTo(expected), written.Text);
    }

    [TestCaseSource(nameof(Dumps))]
    public void The_csharp_source_compiles_and_builds_a_policy_that_emits_the_same_ruleset(string path)
    {
        var (family, imported, expected) = ImportAndRender(path);
        var written = CSharpSourceWriter.Write(imported.Policy, "Imported.Policies", "NodePolicy", Options(imported, path));
        Assert.That(written.Diagnostics, Is.Empty, () => string.Join("\n", written.Diagnostics));

        var policy = CompileAndBuild(written.Text, "Imported.Policies.NodePolicy");

        Assert.That(policy.Name, Is.EqualTo(imported.Policy.Name));
        Assert.That(ImportPipeline.Render(policy, family), Is.EqualTo(expected), written.Text);
    }

    [Test]
    public void What_the_DSL_cannot_say_is_reported_and_commented_out_and_the_file_still_compiles()
    {
        const string dump = "*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
            + "-A INPUT ! -p tcp -j ACCEPT\n-A INPUT -p tcp -m multiport ! --dports 80,443 -j REJECT --reject-with icmp-port-unreachable\n-A INPUT -p udp -j ACCEPT\nCOMMIT\n";
        var imported = ImportPipeline.Import(dump, "m.rules", IpFamily.IPv4);
        var written = CSharpSourceWriter.Write(imported.Policy, "Imported", "MPolicy");

        Assert.That(written.Diagnostics.Select(d => $"{d.Id} {d.Location.Line}"), Is.EqualTo(new[] { "RL3301 7", "RL3301 8" }));
        Assert.That(written.Diagnostics[0].Message, Does.Contain("negated protocol"));
        Assert.That(written.Diagnostics[1].Message, Does.Contain("negated port list"));
        var policy = CompileAndBuild(written.Text, "Imported.MPolicy");
        Assert.That(policy.FindTable(TableKind.Mangle)!.FindChain("INPUT")!.Rules, Has.Count.EqualTo(1));
    }

    [Test]
    public void Strings_are_escaped_so_nothing_leaves_its_literal()
    {
        string path = Path.Combine(RepoPaths.Root, "tests", "RuleLang.Tests", "Import", "Dumps", "strings.rules");
        var imported = ImportPipeline.Import(File.ReadAllText(path), path, IpFamily.IPv4);
        string rl = RlSourceWriter.Write(imported.Policy).Text;
        string cs = CSharpSourceWriter.Write(imported.Policy, "X", "Y").Text;

        Assert.That(rl, Does.Contain("comment \"say \\\"hi\\\" \\\\ then # not a comment\""));
        Assert.That(rl, Does.Contain("comment \"grüße 日本 😀 ;\""));
        Assert.That(cs, Does.Contain(".Comment(\"$HOME ${x} {} }\\\"; } class X { /* */ // \\\\\\\"\")"));
        Assert.That(cs, Does.Contain(".Log(\"in: \\\"q\\\" \\\\ #$ \")"));
    }

    [Test]
    public void Recent_lists_and_counting_rules_are_written_in_both_languages()
    {
        string path = Path.Combine(RepoPaths.Root, "tests", "RuleLang.Tests", "Import", "Dumps", "kube-affinity.rules");
        var imported = ImportPipeline.Import(File.ReadAllText(path), path, IpFamily.IPv4);
        string rl = RlSourceWriter.Write(imported.Policy).Text;
        string cs = CSharpSourceWriter.Write(imported.Policy, "X", "Y").Text;

        Assert.That(rl, Does.Contain("tcp dport 22 recent check name \"ssh:scan\" seconds 60 reap drop\n"));
        Assert.That(rl, Does.Contain("tcp dport 22 state new recent set name \"ssh:scan\" count\n"));
        Assert.That(rl, Does.Contain("recent check name KUBE-SEP-6E7XQMQ4RAYOWTTM seconds 10800 reap jump KUBE-SEP-6E7XQMQ4RAYOWTTM\n"));
        Assert.That(rl, Does.Contain("comment \"other traffic to default/web:http will be dropped by KUBE-PROXY-FIREWALL\" count\n"));
        Assert.That(cs, Does.Contain(".Recent(\"ssh:scan\", RecentCommand.Rcheck, seconds: 60, reap: true).Drop();"));
        Assert.That(cs, Does.Contain(".Recent(\"ssh:scan\", RecentCommand.Set).Count();"));
        Assert.That(cs, Does.Contain(".Recent(\"DEFAULT\", RecentCommand.Rcheck).Drop();"));
    }

    [Test]
    public void Line_breaks_in_comments_cannot_end_a_source_comment()
    {
        var line = new UnwrittenLine(new SourceLocation("x.rules", 3, 1), TableKind.Filter, "INPUT", "-A INPUT -j X\u2028class Evil {}\r\nnext");
        var policy = ImportPipeline.Import("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n", "x.rules", IpFamily.IPv4).Policy;
        var options = new SourceWriterOptions { Origin = "from x\nclass Evil {}", Unwritten = new[] { line } };

        string cs = CSharpSourceWriter.Write(policy, "X", "Y", options).Text;
        string rl = RlSourceWriter.Write(policy, options).Text;

        Assert.That(cs, Does.Contain("// not imported (x.rules:3): -A INPUT -j X\\u2028class Evil {}\\u000d\\u000anext"));
        Assert.That(cs + rl, Does.Not.Contain("\nclass Evil"));
        CompileAndBuild(cs, "X.Y");
    }

    /// <summary>
    /// Services with every setting the model holds (the kubectl-fed example: NodePorts, load balancers with source
    /// ranges, external IPs, Local traffic policies, affinity, endpoint conditions, dual stack) survive the C# writer.
    /// </summary>
    [Test]
    public void The_csharp_source_of_a_cluster_builds_services_that_emit_the_same_rulesets()
    {
        string json = Path.Combine(Testing.RepoPaths.Examples, "KubeCluster", "cluster.json");
        var node = new Importers.Kubernetes.KubeNodeSettings { NodeName = "node-1", NodeIps = new[] { "192.168.49.2" }, ClusterCidrs = new[] { "10.0.0.0/16" } };
        var imported = Importers.Kubernetes.KubeClusterImporter.Import(File.ReadAllText(json), json, "cluster", node);
        Assert.That(imported.Succeeded, Is.True, () => string.Join("\n", imported.Diagnostics));

        var written = CSharpSourceWriter.Write(imported.Policy, "X", "Y", new SourceWriterOptions { Origin = "cluster.json" });
        Assert.That(written.Diagnostics, Is.Empty, () => string.Join("\n", written.Diagnostics));
        Assert.That(written.Text, Does.Contain(".SessionAffinity(").And.Contain(".LoadBalancer(").And.Contain("terminating: true").And.Contain("local: true"));
        var rebuilt = CompileAndBuild(written.Text, "X.Y");

        var formats = new[] { Compiler.RulesetFormat.Iptables, Compiler.RulesetFormat.Ip6tables, Compiler.RulesetFormat.Nft };
        var expected = Compiler.PolicyCompiler.Compile(imported.Policy, formats);
        var actual = Compiler.PolicyCompiler.Compile(rebuilt, formats);
        Assert.That(actual.Rulesets.Select(r => r.Text), Is.EqualTo(expected.Rulesets.Select(r => r.Text)));
        Assert.That(expected.Rulesets, Is.Not.Empty);
    }

    private static (IpFamily Family, Importers.Iptables.DumpImportResult Imported, string Expected) ImportAndRender(string path)
    {
        var family = path.EndsWith(".ip6tables", StringComparison.Ordinal) ? IpFamily.IPv6 : IpFamily.IPv4;
        var imported = ImportPipeline.Import(File.ReadAllText(path), path, family, Path.GetFileNameWithoutExtension(path));
        return (family, imported, ImportPipeline.Render(imported.Policy, family));
    }

    private static SourceWriterOptions Options(Importers.Iptables.DumpImportResult imported, string path) => new()
    {
        Origin = "Imported from " + Path.GetFileName(path),
        Unwritten = imported.Unimported.Select(u => new UnwrittenLine(u.Location, u.Table, u.Chain, u.Text)).ToArray(),
    };

    private static Policy CompileAndBuild(string source, string typeName)
    {
        var references = Basic.Reference.Assemblies.Net100.References.All
            .Concat(new[] { typeof(PolicyDefinition).Assembly.Location, typeof(Policy).Assembly.Location }.Select(p => MetadataReference.CreateFromFile(p)));
        var compilation = CSharpCompilation.Create(
            "Imported" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Imported.cs") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.That(emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning), Is.Empty, () => string.Join("\n", emitted.Diagnostics) + "\n" + source);
        var assembly = Assembly.Load(image.ToArray());
        var definition = (PolicyDefinition)Activator.CreateInstance(assembly.GetType(typeName, throwOnError: true)!)!;
        return definition.Build();
    }
}
