using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using RuleLang.Text;

namespace RuleLang.Tests.Ownership;

/// <summary>Each spelling of ownership (C#, .rl, CLI, MSBuild) and what the checker says about it (docs/ownership.md).</summary>
public class OwnershipSpellingTests
{
    private sealed class DockerAwarePolicy : PolicyDefinition
    {
        public override string Name => "docker-aware";

        protected override void Define(PolicyBuilder p)
        {
            p.Owns(RuleLang.Model.Ownership.OwnChains, jumps: JumpPlacement.Last, prefix: "dk");
            var dockerUser = p.Filter.External("DOCKER-USER");
            p.Filter.Forward.PlaceJump(JumpPlacement.Before(dockerUser.Name));
            p.Filter.Forward.Rule().InInterface("eth1").Jump(dockerUser);
            p.Filter.Input.Tcp().DestinationPort(22).Accept();
        }
    }

    [Test]
    public void Csharp_spelling_builds_the_ownership_and_emits_own_chains()
    {
        var policy = new DockerAwarePolicy().Build();
        Assert.That(policy.Ownership.Kind, Is.EqualTo(RuleLang.Model.Ownership.OwnChains));
        Assert.That(policy.Ownership.PlacementFor(TableKind.Filter, Hook.Forward), Is.EqualTo(JumpPlacement.Before("DOCKER-USER")));
        Assert.That(policy.Ownership.PlacementFor(TableKind.Filter, Hook.Input), Is.EqualTo(JumpPlacement.Last));
        var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables });
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        string text = result.Rulesets.Single().Text;
        Assert.That(text, Does.Contain("# rulelang: jump last\n-A INPUT -m comment --comment \"rulelang:docker-aware\" -j dk-INPUT\n"));
        Assert.That(text, Does.Contain("-A dk-FORWARD -i eth1 -j DOCKER-USER\n"));
        Assert.That(new DockerAwarePolicy().Build().Ownership, Is.EqualTo(policy.Ownership), "building twice gives equal ownership");
    }

    [Test]
    public void Rl_spelling_reads_owns_external_and_place()
    {
        var parsed = RlParser.Parse("policy p\nowns chains jumps after KUBE-FIREWALL prefix pp\nexternal { DOCKER-USER, KUBE-SERVICES }\nplace nat PREROUTING last\n", "p.rl");
        Assert.That(parsed.Diagnostics, Is.Empty);
        var ownership = parsed.Policy!.Ownership;
        Assert.That(ownership.Kind, Is.EqualTo(RuleLang.Model.Ownership.OwnChains));
        Assert.That(ownership.Jumps, Is.EqualTo(JumpPlacement.After("KUBE-FIREWALL")));
        Assert.That(ownership.Prefix, Is.EqualTo("pp"));
        Assert.That(ownership.ExternalChains.Select(e => e.Name), Is.EqualTo(new[] { "DOCKER-USER", "KUBE-SERVICES" }));
        Assert.That(ownership.PlacementFor(TableKind.Nat, Hook.Prerouting), Is.EqualTo(JumpPlacement.Last));
        Assert.That(RlParser.Parse("policy p\nowns tables\n", "p.rl").Policy!.Ownership.Kind, Is.EqualTo(RuleLang.Model.Ownership.WholeTables));
    }

    [TestCase("policy p\nowns chains\nowns tables\n", "RL0418", 3)]
    [TestCase("policy p\nplace filter PREROUTING first\n", "RL1101", 2)]
    [TestCase("policy p\nowns chains jumps sideways\n", "RL0401", 2)]
    public void Rl_spelling_reports_mistakes_at_their_line(string text, string id, int line)
    {
        var diagnostic = RlParser.Parse(text, "p.rl").Diagnostics.First();
        Assert.That(diagnostic.Descriptor.Id, Is.EqualTo(id), diagnostic.ToString());
        Assert.That(diagnostic.Location.Line, Is.EqualTo(line));
    }

    [TestCase("owns chains\ntable filter {\n  chain INPUT policy drop {\n    accept\n  }\n}\n", "RL1209", "end INPUT with an unconditional 'drop' rule")]
    [TestCase("owns chains\ntable filter {\n  chain INPUT {\n    jump DOCKER-USER\n  }\n}\n", "RL1210", "declare it external")]
    [TestCase("owns chains\nexternal SSH\ntable filter {\n  chain INPUT {\n    jump SSH\n  }\n  chain SSH {\n    accept\n  }\n}\n", "RL1211", "SSH")]
    [TestCase("external DOCKER-USER\ntable filter {\n  chain INPUT {\n    accept\n  }\n}\n", "RL1212", "owns chains")]
    [TestCase("owns tables\nplace filter INPUT last\n", "RL1212", "jump placement")]
    [TestCase("owns chains prefix a-very-long-prefix-x\n", "RL1213", "16")]
    [TestCase("owns chains\ntable filter {\n  chain INPUT {\n    jump p-FORWARD\n  }\n  chain p-FORWARD {\n    accept\n  }\n}\n", "RL1214", "FORWARD")]
    [TestCase("owns chains\nexternal bad/name\n", "RL0401", "")]
    [TestCase("owns chains jumps before -x\n", "RL0401", "")]
    public void Checker_reports_ownership_mistakes(string body, string id, string says)
    {
        var parsed = RlParser.Parse("policy p\n" + body, "p.rl");
        var diagnostics = parsed.Policy is { } policy ? parsed.Diagnostics.Concat(PolicyCompiler.Compile(policy).Diagnostics).ToArray() : parsed.Diagnostics.ToArray();
        var found = diagnostics.FirstOrDefault(d => d.Descriptor.Id == id);
        Assert.That(found, Is.Not.Null, string.Join("\n", diagnostics));
        Assert.That(found!.ToString(), Does.Contain(says));
    }

    [Test]
    public void External_jump_has_no_nft_form()
    {
        var parsed = RlParser.Parse("policy p\nowns chains\nexternal DOCKER-USER\ntable filter {\n  chain FORWARD {\n    jump DOCKER-USER\n  }\n}\n", "p.rl");
        var result = PolicyCompiler.Compile(parsed.Policy!, new[] { RulesetFormat.Nft });
        Assert.That(result.Diagnostics.Select(d => d.Descriptor.Id), Does.Contain("RL1215"));
        Assert.That(PolicyCompiler.Compile(parsed.Policy!, new[] { RulesetFormat.Iptables }).Succeeded, Is.True);
    }

    [Test]
    public void Cli_owns_sets_ownership_where_the_policy_is_silent_and_warns_where_it_is_not()
    {
        InTempFolder(dir =>
        {
            string silent = Path.Combine(dir, "silent.rl");
            File.WriteAllText(silent, "policy silent\ntable filter {\n  chain INPUT {\n    tcp dport 22 accept\n  }\n}\n");
            var chains = CliRunner.Run("emit", silent, "--owns", "chains");
            Assert.That(chains.Code, Is.EqualTo(0), chains.StdErr + chains.StdOut);
            Assert.That(OwnedChains.IsOwnChains(chains.StdOut), Is.True);
            var tables = CliRunner.Run("emit", silent);
            Assert.That(tables.StdOut, Does.Contain(":INPUT ACCEPT [0:0]"));
            Assert.That(OwnedChains.IsOwnChains(tables.StdOut), Is.False);

            string stated = Path.Combine(dir, "stated.rl");
            File.WriteAllText(stated, "policy stated\nowns tables\ntable filter {\n  chain INPUT {\n    tcp dport 22 accept\n  }\n}\n");
            var overridden = CliRunner.Run("check", stated, "--owns", "chains");
            Assert.That(overridden.Code, Is.EqualTo(0));
            Assert.That(overridden.StdOut + overridden.StdErr, Does.Contain("warning RL0760").And.Contain("stated.rl(2,1)"));
            var bad = CliRunner.Run("emit", silent, "--owns", "everything");
            Assert.That(bad.Code, Is.Not.EqualTo(0));
        });
    }

    [Test]
    public void Kube_owns_chains_by_default_and_whole_tables_on_request()
    {
        string json = Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "examples", "KubeCluster", "cluster.json");
        var chains = CliRunner.Run("kube", json, "--format", "iptables");
        Assert.That(chains.Code, Is.EqualTo(0), chains.StdOut + chains.StdErr);
        Assert.That(OwnedChains.IsOwnChains(chains.StdOut), Is.True);
        Assert.That(chains.StdOut, Does.Contain("-j cluster-PREROUTING").And.Contain("-A cluster-PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"));
        var tables = CliRunner.Run("kube", json, "--format", "iptables", "--owns", "tables");
        Assert.That(OwnedChains.IsOwnChains(tables.StdOut), Is.False);
        Assert.That(tables.StdOut, Does.Contain("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"));
    }

    [Test]
    public void Analysis_of_an_own_chains_policy_takes_an_external_chain_as_returning()
    {
        InTempFolder(dir =>
        {
            string file = Path.Combine(dir, "beside.rl");
            File.WriteAllText(file, "policy beside\nowns chains\nexternal DOCKER-USER\ntable filter {\n  chain FORWARD {\n    iif eth1 jump DOCKER-USER\n    tcp dport 22 drop\n  }\n}\n");
            var trace = CliRunner.Run("trace", file, "--packet", "tcp 10.0.0.1:1000 -> 10.0.0.2:22 iif eth1 oif eth2");
            Assert.That(trace.Code, Is.EqualTo(0), trace.StdOut + trace.StdErr);
            Assert.That(trace.StdOut, Does.Contain("DOCKER-USER is another owner's chain (declared external)").And.Contain("DROP"));
            var matrix = CliRunner.Run("matrix", file, "--hook", "forward");
            Assert.That(matrix.Code, Is.EqualTo(0), matrix.StdOut + matrix.StdErr);
            Assert.That(matrix.StdOut, Does.Contain("DROP"));
            var diff = CliRunner.Run("diff", file, file);
            Assert.That(diff.Code, Is.EqualTo(0), diff.StdOut + diff.StdErr);
        });
    }

    private static void InTempFolder(System.Action<string> test)
    {
        string dir = Path.Combine(Path.GetTempPath(), "rulelang-owns-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            test(dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Msbuild_passes_RuleLangOwnership_as_owns()
    {
        string targets = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "src", "RuleLang", "buildTransitive", "RuleLang.targets"));
        Assert.That(targets, Does.Contain("--owns $(RuleLangOwnership)"));
    }
}
