using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Importers.Nftables;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests;

/// <summary>
/// An nft ruleset loaded in a namespace and listed by `nft list ruleset` imports whole: emitted as nft again and
/// loaded in a second namespace it lists back the same, chain by chain; emitted as iptables it decides the same
/// connections as the original, probe by probe.
/// </summary>
[TestFixture]
public sealed class NftImportKernelTests : KernelTestBase
{
    private const string Server = "10.9.0.100";

    /// <summary>
    /// Hand-written, in nft's own spellings: sets of ports, prefixes, negations, a counter, a user chain, NAT and
    /// marks. Statements stand in the order RuleLang writes them (addresses, interfaces, protocol, the rest), and a
    /// rule whose action alone is IPv4 says `meta nfproto ipv4` first, as RuleLang writes it: nft lists a rule as it
    /// was loaded, and the listing is compared line by line.
    /// </summary>
    private const string Original = """
        table inet host {
        	chain filter_INPUT {
        		type filter hook input priority filter; policy drop;
        		ct state established,related accept
        		ct state invalid counter drop
        		ip saddr 10.9.0.1 iifname "lo" tcp dport 8080 accept
        		ip saddr 10.9.0.2 jump filter_APP
        		ip saddr != 10.9.0.3 tcp dport 8081 accept comment "app two; not from .3"
        		ip6 saddr fd00::/8 udp dport { 53, 123, 6000-6010 } accept
        		tcp flags syn / fin,syn,rst,ack meta mark & 0x000000ff == 0x00000001 reject with tcp reset
        	}

        	chain filter_APP {
        		tcp dport { 8080, 8081 } log prefix "app: " level info
        		tcp dport { 8080, 8081 } accept
        		return
        	}

        	chain mangle_PREROUTING {
        		type filter hook prerouting priority mangle; policy accept;
        		tcp dport 22 meta mark set meta mark & 0xffffff1f | 0x00000010
        		ct state new ct mark set meta mark
        	}

        	chain nat_PREROUTING {
        		type nat hook prerouting priority dstnat; policy accept;
        		meta nfproto ipv4 iifname "wan0" tcp dport 2222 dnat ip to 10.9.0.100:22
        		iifname "wan0" tcp dport 80 redirect to :8080
        	}

        	chain nat_POSTROUTING {
        		type nat hook postrouting priority srcnat; policy accept;
        		ip saddr 10.9.0.0/24 oifname "wan0" masquerade
        	}
        }
        """;

    [Test]
    public void A_listed_ruleset_imports_and_lists_back_the_same_after_emit_and_load()
    {
        var source = CreateNamespace("nft-import-src");
        source.LoadNft(Original).EnsureSuccess("loading the original");
        string listed = source.ListNft();

        var imported = NftRulesetImporter.Import(listed, "listed.nft", "host");
        Assert.That(imported.Diagnostics, Is.Empty, () => string.Join("\n", imported.Diagnostics) + "\n" + listed);
        Assert.That(imported.Unimported, Is.Empty);
        var compiled = PolicyCompiler.Compile(imported.Policy, new[] { RulesetFormat.Nft });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));

        var target = CreateNamespace("nft-import-dst");
        string emitted = compiled.Rulesets.Single().Text;
        target.LoadNft(emitted).EnsureSuccess("loading the emitted script");
        Assert.That(Chains(target.ListNft()), Is.EqualTo(Chains(listed)), emitted);
        Assert.That(Chains(listed).Values.Sum(c => c.Count), Is.GreaterThan(15));
    }

    /// <summary>
    /// Normalised listing: each chain's lines (its hook line and rules) by chain name, counters' values left out
    /// (runtime state, which the import drops); chains are compared by name since nft lists them in creation order.
    /// </summary>
    private static SortedDictionary<string, List<string>> Chains(string listing)
    {
        var chains = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (string raw in listing.Split('\n'))
        {
            string line = Regex.Replace(raw.Trim(), @"\s*counter packets \d+ bytes \d+", "");
            if (line.StartsWith("chain ", StringComparison.Ordinal))
            {
                current = chains[line] = new List<string>();
            }
            else if (line == "}")
            {
                current = null;
            }
            else if (current is not null && line.Length > 0)
            {
                current.Add(line);
            }
        }
        return chains;
    }

    /// <summary>The filter part of the original: which clients reach which port of the server.</summary>
    private const string Filter = """
        table inet host {
        	chain input {
        		type filter hook input priority filter; policy drop;
        		ct state established,related accept
        		ip saddr 10.9.0.1 tcp dport 8080 accept
        		ip saddr 10.9.0.2 jump app
        		ip saddr != 10.9.0.3 tcp dport 8081 accept
        		ip saddr 10.9.0.4 reject
        	}

        	chain app {
        		tcp dport { 8080, 8082 } accept
        		return
        	}
        }
        """;

    [Test]
    public void An_imported_ruleset_emitted_as_iptables_decides_every_probe_as_the_original()
    {
        var expected = new Dictionary<(string, int), bool>
        {
            [("10.9.0.1", 8080)] = true, [("10.9.0.1", 8081)] = true, [("10.9.0.1", 8082)] = false,
            [("10.9.0.2", 8080)] = true, [("10.9.0.2", 8081)] = true, [("10.9.0.2", 8082)] = true,
            [("10.9.0.3", 8080)] = false, [("10.9.0.3", 8081)] = false, [("10.9.0.3", 8082)] = false,
            [("10.9.0.4", 8080)] = false, [("10.9.0.4", 8081)] = true, [("10.9.0.4", 8082)] = false,
        };
        var original = CreateNamespace("nft-import-orig");
        Prepare(original);
        original.LoadNft(Filter).EnsureSuccess("loading the original");
        var listed = original.ListNft();
        var before = Probe(original, expected.Keys);

        var imported = NftRulesetImporter.Import(listed, "listed.nft", "host");
        Assert.That(imported.Diagnostics, Is.Empty, () => string.Join("\n", imported.Diagnostics));
        var compiled = PolicyCompiler.Compile(imported.Policy, new[] { RulesetFormat.Iptables });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        string iptables = compiled.Rulesets.Single(r => r.Format == RulesetFormat.Iptables).Text;
        var converted = CreateNamespace("nft-import-ipt");
        Prepare(converted);
        converted.RestoreIptables(iptables).EnsureSuccess("restoring the emitted iptables ruleset");
        var after = Probe(converted, expected.Keys);

        Assert.That(before, Is.EqualTo(expected), "the original decides as its rules say");
        Assert.That(after, Is.EqualTo(before), iptables);
    }

    private static void Prepare(NetNamespace ns)
    {
        ns.IpCommand("link", "set", "lo", "up").EnsureSuccess("lo up");
        foreach (string address in new[] { "10.9.0.1", "10.9.0.2", "10.9.0.3", "10.9.0.4", Server })
        {
            ns.AddAddress("lo", address + "/32");
        }
    }

    private static Dictionary<(string, int), bool> Probe(NetNamespace ns, IEnumerable<(string Client, int Port)> probes)
    {
        var outcome = new Dictionary<(string, int), bool>();
        var servers = new[] { 8080, 8081, 8082 }.Select(port => Traffic.StartTcpServer(ns, Server, port, "hello")).ToArray();
        try
        {
            foreach (var (client, port) in probes)
            {
                var result = ns.Exec($"timeout 2 socat -u TCP:{Server}:{port},bind={client},connect-timeout=1 -", TimeSpan.FromSeconds(5));
                outcome[(client, port)] = result.ExitCode == 0 && result.StdOut.Trim() == "hello";
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                server.Dispose();
            }
        }
        return outcome;
    }
}
