using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests;

/// <summary>
/// Rules loaded with plain iptables / ip6tables commands in one namespace, saved, imported, emitted and restored
/// into a second namespace: the two saves agree rule for rule (ignoring counters and the comment header).
/// </summary>
[TestFixture]
public sealed class DumpImportKernelTests : KernelTestBase
{
    private static readonly string[] V4Commands =
    {
        "iptables -P INPUT DROP",
        "iptables -P FORWARD DROP",
        "iptables -N SSH-IN",
        "iptables -N LOG-DROP",
        "iptables -A INPUT -i lo -j ACCEPT",
        "iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
        "iptables -A INPUT -m conntrack --ctstate INVALID -j DROP",
        "iptables -A INPUT -p tcp --dport 22 -j SSH-IN",
        "iptables -A INPUT -p tcp -m multiport --dports 80,443,8000:8010 -m comment --comment 'web \"front\" door' -j ACCEPT",
        "iptables -A INPUT -p udp --sport 53 -s 10.0.0.0/8 -j ACCEPT",
        "iptables -A INPUT -p icmp --icmp-type echo-request -m limit --limit 5/sec --limit-burst 10 -j ACCEPT",
        "iptables -A INPUT -j LOG-DROP",
        "iptables -A SSH-IN -s 192.168.1.0/24 -j ACCEPT",
        "iptables -A SSH-IN ! -s 192.168.0.0/16 -p tcp -m mark --mark 0x1/0xff -j REJECT --reject-with tcp-reset",
        "iptables -A SSH-IN -j RETURN",
        "iptables -A LOG-DROP -m limit --limit 3/min -j LOG --log-prefix 'dropped: ' --log-level 6",
        "iptables -A LOG-DROP -j REJECT --reject-with icmp-host-unreachable",
        "iptables -A FORWARD -i lan0 -o wan0 -s 10.1.0.0/16 -j ACCEPT",
        "iptables -A FORWARD -d 10.1.0.5 -p tcp --dport 8080 -m conntrack --ctstate DNAT -j ACCEPT",
        "iptables -A OUTPUT -o wan0 -p udp --dport 123 -j ACCEPT",
        "iptables -I INPUT 2 -s 203.0.113.0/24 -j DROP",
        "iptables -t nat -A PREROUTING -i wan0 -p tcp --dport 2222 -j DNAT --to-destination 10.1.0.5:22",
        "iptables -t nat -A PREROUTING -i wan0 -p tcp --dport 80 -j REDIRECT --to-ports 8080",
        "iptables -t nat -A POSTROUTING -o wan0 -s 10.1.0.0/16 -j MASQUERADE",
        "iptables -t nat -A POSTROUTING -o wan1 -j SNAT --to-source 198.51.100.7",
        "iptables -t nat -A OUTPUT -d 10.96.0.10 -p tcp --dport 80 -m statistic --mode random --probability 0.25 -j DNAT --to-destination 10.244.1.10:8080",
        "iptables -t mangle -A PREROUTING -p tcp --dport 22 -j MARK --set-mark 0x10",
        "iptables -t mangle -A FORWARD -p tcp --sport 22 -j DSCP --set-dscp-class AF21",
        "iptables -t mangle -A POSTROUTING -m mark --mark 0x10 -j CONNMARK --save-mark",
        "iptables -t mangle -A PREROUTING -m addrtype --dst-type LOCAL -j CONNMARK --restore-mark",
        "iptables -t raw -A PREROUTING -p udp --dport 8125 -j CT --notrack",
        "iptables -t raw -A OUTPUT -p udp --sport 8125 -m statistic --mode nth --every 3 --packet 1 -j CT --notrack",
    };

    private static readonly string[] V6Commands =
    {
        "ip6tables -P INPUT DROP",
        "ip6tables -N ICMP6-IN",
        "ip6tables -A INPUT -i lo -j ACCEPT",
        "ip6tables -A INPUT -p ipv6-icmp -j ICMP6-IN",
        "ip6tables -A INPUT -s fd00::/8 -p tcp --dport 22 -m comment --comment 'ssh from ULA' -j ACCEPT",
        "ip6tables -A INPUT -p udp -m multiport --dports 53,123 -j ACCEPT",
        "ip6tables -A INPUT -j REJECT --reject-with icmp6-adm-prohibited",
        "ip6tables -A ICMP6-IN -p ipv6-icmp --icmpv6-type echo-request -m limit --limit 10/sec -j ACCEPT",
        "ip6tables -A ICMP6-IN -p ipv6-icmp --icmpv6-type neighbour-solicitation -j ACCEPT",
        "ip6tables -A ICMP6-IN -j DROP",
        "ip6tables -t nat -A PREROUTING -d fd00::1 -p tcp --dport 80 -j DNAT --to-destination [fd00::2]:8080",
        "ip6tables -t nat -A POSTROUTING -o wan0 -j MASQUERADE --random-fully",
        "ip6tables -t mangle -A OUTPUT -p tcp --dport 443 -j MARK --set-xmark 0x2/0xf",
    };

    [Test]
    public void An_iptables_save_imports_and_restores_to_the_same_ruleset()
    {
        RoundTrip(V4Commands, IpFamily.V4);
    }

    [Test]
    public void An_ip6tables_save_imports_and_restores_to_the_same_ruleset()
    {
        RoundTrip(V6Commands, IpFamily.V6);
    }

    private void RoundTrip(IEnumerable<string> commands, IpFamily family)
    {
        var source = CreateNamespace("import-src");
        foreach (string command in commands)
        {
            source.Exec(command).EnsureSuccess(command);
        }
        string saved = source.SaveIptables(family);
        var modelFamily = family == IpFamily.V4 ? Model.Netfilter.IpFamily.IPv4 : Model.Netfilter.IpFamily.IPv6;
        var format = family == IpFamily.V4 ? RulesetFormat.Iptables : RulesetFormat.Ip6tables;

        var imported = IptablesDumpImporter.Import(new DumpSource(saved, "saved", modelFamily), "saved");
        Assert.That(imported.Diagnostics, Is.Empty, () => string.Join("\n", imported.Diagnostics) + "\n" + saved);
        var compiled = PolicyCompiler.Compile(imported.Policy, new[] { format });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));

        var target = CreateNamespace("import-dst");
        string emitted = compiled.Rulesets.Single().Text;
        target.RestoreIptables(emitted, family).EnsureSuccess("restoring the emitted ruleset");
        string restored = target.SaveIptables(family);

        Assert.That(NormalLines(restored), Is.EqualTo(NormalLines(saved)), emitted);
        Assert.That(NormalLines(emitted), Is.EqualTo(NormalLines(saved)), "the emitted file is already in the normal form");
        Assert.That(NormalLines(saved).Count(l => l.StartsWith("-A ", StringComparison.Ordinal)), Is.GreaterThan(10));
    }

    /// <summary>
    /// Tables, chain declarations and rule lines, without counters, comments and the header; tables in name order,
    /// since iptables-nft-save lists them in the order they were created.
    /// </summary>
    private static List<string> NormalLines(string dump)
    {
        var sections = new List<List<string>>();
        foreach (string line in dump.Split('\n').Where(l => l.Length > 0 && l[0] != '#'))
        {
            if (line[0] == '*')
            {
                sections.Add(new List<string>());
            }
            sections[^1].Add(line[0] == ':' ? line.Substring(0, line.LastIndexOf(" [", StringComparison.Ordinal)) : line);
        }
        return sections.OrderBy(s => s[0], StringComparer.Ordinal).SelectMany(s => s).ToList();
    }
}
