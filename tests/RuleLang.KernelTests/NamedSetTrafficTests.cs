using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Sets;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests;

/// <summary>
/// Named sets decide a connection in the kernel the same way in both back ends: INPUT drops sources in a set of
/// an address and a network, so a client bound to an address in it is dropped and one outside connects. The
/// iptables form is the ipset script, loaded (twice: it must be idempotent) before the ruleset in the namespace,
/// whose iptables-save prints each set match back byte for byte; the nft form declares the set in its table. The
/// set's name uses every character RL2125 allows, so that both loaders are seen to take them.
/// </summary>
[TestFixture]
public sealed class NamedSetTrafficTests : KernelTestBase
{
    private const string Server = "10.9.0.100";
    private const int Port = 8080;
    private const string SetName = "_blk-list.v4_1";

    [TestCase(RulesetFormat.Iptables, false)]
    [TestCase(RulesetFormat.Nft, false)]
    [TestCase(RulesetFormat.Iptables, true)]
    [TestCase(RulesetFormat.Nft, true)]
    public void A_client_in_the_set_is_dropped_and_one_outside_connects(RulesetFormat format, bool negated)
    {
        NetNamespace ns = Namespace("ipset");
        var blocklist = NamedSet.Defined(SetName, SetType.Ipv4Network, new[] { "10.9.0.1", "10.9.1.0/24" }, SourceLocation.None, timeout: 600);
        var policy = Policy("sets", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(Drop, Proto(Protocol.Tcp), Dport(Port), new SetMatch(SetName, new[] { AddressSide.Source }, negated, RuleLang.Model.Netfilter.IpFamily.IPv4))))) with { Sets = new[] { blocklist } };

        string ruleset = Load(ns, policy, format);
        using var server = Traffic.StartTcpServer(ns, Server, Port, "hello");

        foreach (var (client, inside) in new[] { ("10.9.0.1", true), ("10.9.1.7", true), ("10.9.0.2", false) })
        {
            Assert.That(Connects(ns, client, Port), Is.EqualTo(inside == negated), $"{format} {(negated ? "! " : "")}set {SetName}, client {client}\n{ruleset}");
        }
    }

    [TestCase(RulesetFormat.Iptables)]
    [TestCase(RulesetFormat.Nft)]
    public void A_port_set_decides_by_the_destination_port(RulesetFormat format)
    {
        NetNamespace ns = Namespace("portset");
        var ports = NamedSet.Defined("web", SetType.Port, new[] { "8080", "9000-9010" }, SourceLocation.None);
        var policy = Policy("sets", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(Drop, Proto(Protocol.Tcp), new SetMatch("web", new[] { AddressSide.Destination }))))) with { Sets = new[] { ports } };

        string ruleset = Load(ns, policy, format);
        foreach (var (port, inSet) in new[] { (8080, true), (9005, true), (8081, false) })
        {
            using var server = Traffic.StartTcpServer(ns, Server, port, "hello");
            Assert.That(Connects(ns, "10.9.0.2", port), Is.EqualTo(!inSet), $"{format} port {port}\n{ruleset}");
        }
    }

    [Test]
    public void An_imported_external_set_is_tested_by_name_in_the_iptables_back_end()
    {
        NetNamespace ns = Namespace("f2b");
        // fail2ban makes its set; the policy only refers to it.
        ns.Exec("ipset create f2b-sshd hash:ip family inet && ipset add f2b-sshd 10.9.0.1").EnsureSuccess("ipset create");
        var policy = Policy("sets", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(Drop, Proto(Protocol.Tcp), Dport(Port), new SetMatch("f2b-sshd", new[] { AddressSide.Source }, false, RuleLang.Model.Netfilter.IpFamily.IPv4)))))
            with { Sets = new[] { NamedSet.Extern("f2b-sshd", SetType.Ipv4Address, SourceLocation.None) } };

        var compiled = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables });
        Assert.That(compiled.Rulesets.Select(r => r.Format), Is.EqualTo(new[] { RulesetFormat.Iptables }), "an external set has no ipset script");
        Load(ns, policy, RulesetFormat.Iptables);
        using var server = Traffic.StartTcpServer(ns, Server, Port, "hello");

        Assert.That(Connects(ns, "10.9.0.1", Port), Is.False);
        Assert.That(Connects(ns, "10.9.0.2", Port), Is.True);
    }

    private NetNamespace Namespace(string label)
    {
        NetNamespace ns = CreateNamespace(label);
        ns.IpCommand("link", "set", "lo", "up").EnsureSuccess("lo up");
        foreach (string address in new[] { "10.9.0.1", "10.9.0.2", "10.9.1.7", Server })
        {
            ns.AddAddress("lo", address + "/32");
        }
        return ns;
    }

    /// <summary>Loads the policy's rulesets (ipset script first) and proves the iptables form prints back as emitted.</summary>
    private static string Load(NetNamespace ns, Policy policy, RulesetFormat format)
    {
        var compiled = PolicyCompiler.Compile(policy, new[] { format });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        if (format == RulesetFormat.Nft)
        {
            string script = compiled.Rulesets.Single().Text;
            ns.LoadNft(script).EnsureSuccess("nft -f");
            return script;
        }
        foreach (var ipset in compiled.Rulesets.Where(r => r.Format == RulesetFormat.Ipset))
        {
            ns.Exec("ipset restore", stdin: ipset.Text).EnsureSuccess("ipset restore");
            ns.Exec("ipset restore", stdin: ipset.Text).EnsureSuccess("ipset restore, again");
        }
        string ruleset = compiled.Rulesets.Single(r => r.Format == RulesetFormat.Iptables).Text;
        ns.RestoreIptables(ruleset).EnsureSuccess("iptables-restore");
        string saved = ns.SaveIptables();
        foreach (string line in ruleset.Split('\n').Where(l => l.StartsWith("-A ", System.StringComparison.Ordinal)))
        {
            Assert.That(saved, Does.Contain(line + "\n"), "iptables-save prints the rule back as emitted");
        }
        return ruleset;
    }

    private static bool Connects(NetNamespace ns, string client, int port)
    {
        var result = ns.Exec($"timeout 2 socat -u TCP:{Server}:{port},bind={client},connect-timeout=1 -", System.TimeSpan.FromSeconds(5));
        return result.ExitCode == 0 && result.StdOut.Trim() == "hello";
    }
}
