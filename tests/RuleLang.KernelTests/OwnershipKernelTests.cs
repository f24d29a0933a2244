using System;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.Model;
using RuleLang.Model.Values;

namespace RuleLang.KernelTests;

/// <summary>
/// Coexistence (issue 12, docs/ownership.md): in a namespace pre-loaded with Docker's and kube-proxy's chains, an
/// own-chains policy applied twice through OwnedChains.Merge leaves every foreign rule in place and in order and
/// adds no duplicate jump; a whole-tables policy replaces them, as documented.
/// </summary>
[TestFixture]
public sealed class OwnershipKernelTests : KernelTestBase
{
    private static readonly string[] ForeignCommands =
    {
        "iptables -N DOCKER", "iptables -N DOCKER-USER", "iptables -N DOCKER-ISOLATION-STAGE-1", "iptables -N DOCKER-ISOLATION-STAGE-2",
        "iptables -A FORWARD -j DOCKER-USER", "iptables -A FORWARD -j DOCKER-ISOLATION-STAGE-1",
        "iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "iptables -A FORWARD -o docker0 -j DOCKER",
        "iptables -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2", "iptables -A DOCKER-ISOLATION-STAGE-1 -j RETURN",
        "iptables -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP", "iptables -A DOCKER-ISOLATION-STAGE-2 -j RETURN", "iptables -A DOCKER-USER -j RETURN",
        "iptables -t nat -N DOCKER", "iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
        "iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE", "iptables -t nat -A DOCKER -i docker0 -j RETURN",
        "iptables -N KUBE-SERVICES", "iptables -N KUBE-FIREWALL", "iptables -t nat -N KUBE-SERVICES", "iptables -t nat -N KUBE-POSTROUTING",
        "iptables -A INPUT -m comment --comment 'kubernetes service portals' -j KUBE-SERVICES", "iptables -A INPUT -j KUBE-FIREWALL",
        "iptables -A FORWARD -m comment --comment 'kubernetes service portals' -j KUBE-SERVICES",
        "iptables -t nat -A PREROUTING -m comment --comment 'kubernetes service portals' -j KUBE-SERVICES",
        "iptables -t nat -A OUTPUT -m comment --comment 'kubernetes service portals' -j KUBE-SERVICES",
        "iptables -t nat -A POSTROUTING -m comment --comment 'kubernetes postrouting rules' -j KUBE-POSTROUTING",
        "iptables -A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP",
        "iptables -t nat -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
    };

    private sealed class HostPolicy : PolicyDefinition
    {
        private readonly Ownership _ownership;
        private readonly JumpPlacement _forward;

        public HostPolicy(Ownership ownership, JumpPlacement forward)
        {
            _ownership = ownership;
            _forward = forward;
        }

        public override string Name => "host";

        protected override void Define(PolicyBuilder p)
        {
            p.Owns(_ownership);
            if (_ownership == Ownership.OwnChains)
            {
                p.Filter.Forward.PlaceJump(_forward);
            }
            p.Filter.Input.Tcp().DestinationPort(22).Accept();
            p.Filter.Forward.Rule().InInterface("eth9").Drop();
            p.Nat.Postrouting.Rule().OutInterface("eth0").Masquerade();
        }
    }

    private static string Emit(Ownership ownership, JumpPlacement forward)
    {
        var result = PolicyCompiler.Compile(new HostPolicy(ownership, forward).Build(), new[] { RulesetFormat.Iptables });
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        return result.Rulesets.Single().Text;
    }

    private NetNamespace Host()
    {
        var ns = CreateNamespace("own");
        foreach (string command in ForeignCommands)
        {
            ns.Exec(command).EnsureSuccess(command);
        }
        return ns;
    }

    /// <summary>The save's rule and chain lines that are not the policy's, counters and comments left out.</summary>
    private static string[] Foreign(string save) => save.Split('\n')
        .Where(l => l.StartsWith("-A", StringComparison.Ordinal) || l.StartsWith(":", StringComparison.Ordinal) || l.StartsWith("*", StringComparison.Ordinal))
        .Where(l => !l.Contains("host-", StringComparison.Ordinal))
        .ToArray();

    private static void Apply(NetNamespace ns, string ruleset) =>
        ns.RestoreIptables(OwnedChains.Merge(ns.SaveIptables(), ruleset)).EnsureSuccess("iptables-restore of the merged tables");

    [TestCase("before DOCKER-USER", 0)]
    [TestCase("after DOCKER-ISOLATION-STAGE-1", 2)]
    [TestCase("first", 0)]
    [TestCase("last", 5)]
    public void Own_chains_applied_twice_keep_every_foreign_rule_and_one_jump(string placement, int forwardIndex)
    {
        Assert.That(JumpPlacement.TryParse(placement, out var forward), Is.True);
        var ns = Host();
        string before = ns.SaveIptables();
        string ruleset = Emit(Ownership.OwnChains, forward);

        Apply(ns, ruleset);
        string once = ns.SaveIptables();
        Apply(ns, ruleset);
        string twice = ns.SaveIptables();

        Assert.That(Foreign(once), Is.EqualTo(Foreign(before)), "foreign rules after the first apply");
        Assert.That(Foreign(twice), Is.EqualTo(Foreign(before)), "foreign rules after the second apply");
        foreach (string chain in new[] { "INPUT", "FORWARD", "POSTROUTING" })
        {
            Assert.That(twice.Split('\n').Count(l => l.StartsWith("-A " + chain + " ", StringComparison.Ordinal) && l.Contains("\"rulelang:host\"", StringComparison.Ordinal)), Is.EqualTo(1), chain);
        }
        var forwardRules = twice.Split('\n').Where(l => l.StartsWith("-A FORWARD ", StringComparison.Ordinal)).ToList();
        Assert.That(forwardRules.FindIndex(l => l.Contains("-j host-FORWARD", StringComparison.Ordinal)), Is.EqualTo(forwardIndex), string.Join("\n", forwardRules));
        Assert.That(OwnedChains.Extract(twice, ruleset), Is.EqualTo(ruleset), "what the host runs is what was emitted");
    }

    [Test]
    public void Whole_tables_replaces_the_foreign_chains()
    {
        var ns = Host();
        ns.RestoreIptables(Emit(Ownership.WholeTables, JumpPlacement.First)).EnsureSuccess("iptables-restore");
        string after = ns.SaveIptables();
        Assert.That(after, Does.Not.Contain("DOCKER").And.Not.Contain("KUBE-").And.Not.Contain("172.17.0.0/16"));
        Assert.That(after, Does.Contain("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT"));
    }
}
