using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Iptables;
using RuleLang.Checker;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.Testing;

namespace RuleLang.Tests;

public class IptablesRuleParserTests
{
    private static readonly SourceLocation Line7 = new("rules.v4", 7, 1);

    // ------------------------------------------------------------ round trip through the normal form

    /// <summary>
    /// Every rule line the iptables back end prints for the normal-form corpus (every match and target the model has,
    /// with negations, ranges, quoting), the nft corpus's shapes and the committed example rulesets.
    /// </summary>
    public static IEnumerable<TestCaseData> EmittedLines()
    {
        var files = new List<(string Name, string Text, IpFamily Family)>();
        foreach (var policy in NormalFormCorpus.Policies().Append(NftCorpus.Shapes()))
        {
            var result = PolicyCompiler.Compile(policy, PolicyCompiler.DefaultFormats);
            Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
            files.AddRange(result.Rulesets.Select(r => (r.FileName, r.Text, r.Format == RulesetFormat.Iptables ? IpFamily.IPv4 : IpFamily.IPv6)));
        }
        foreach (string path in Directory.GetFiles(RepoPaths.Examples, "*.ip*tables", SearchOption.AllDirectories).Where(p => p.Contains("rulesets", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            files.Add((Path.GetFileName(path), File.ReadAllText(path), path.EndsWith(".ip6tables", StringComparison.Ordinal) ? IpFamily.IPv6 : IpFamily.IPv4));
        }
        foreach (var (name, text, family) in files)
        {
            foreach (var (table, number, line) in RuleLines(text))
            {
                yield return new TestCaseData(family, table, line).SetArgDisplayNames($"{name}:{number}");
            }
        }
    }

    private static IEnumerable<(TableKind Table, int Number, string Line)> RuleLines(string text)
    {
        var table = TableKind.Filter;
        int number = 0;
        foreach (string line in text.Split('\n'))
        {
            number++;
            if (line.StartsWith('*'))
            {
                table = Enum.Parse<TableKind>(line.Substring(1), ignoreCase: true);
            }
            else if (line.StartsWith("-A ", StringComparison.Ordinal))
            {
                yield return (table, number, line);
            }
        }
    }

    [TestCaseSource(nameof(EmittedLines))]
    public void Every_emitted_rule_line_parses_back_to_a_rule_that_prints_the_same_line(IpFamily family, TableKind table, string line)
    {
        var parsed = IptablesRuleParser.ParseRule(line, table, Line7, family);

        Assert.That(parsed.Diagnostics, Is.Empty, line);
        Assert.That(parsed.Succeeded, Is.True);
        Assert.That(parsed.Table, Is.EqualTo(table));
        Assert.That(parsed.IsInsert, Is.False);
        Assert.That(new RuleFormatter(family).Format(parsed.Chain, parsed.Rule!), Is.EqualTo(line));
    }

    [Test]
    public void The_round_trip_covers_every_match_and_target_type_of_the_model()
    {
        var matchTypes = typeof(Match).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(Match).IsAssignableFrom(t)).ToHashSet();
        var targetTypes = typeof(Target).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(Target).IsAssignableFrom(t)).ToHashSet();
        foreach (var data in EmittedLines())
        {
            var parsed = IptablesRuleParser.ParseRule((string)data.Arguments[2]!, (TableKind)data.Arguments[1]!, Line7, (IpFamily)data.Arguments[0]!);
            matchTypes.ExceptWith(parsed.Rule!.Matches.Select(m => m.GetType()));
            targetTypes.Remove(parsed.Rule.Target.GetType());
        }
        Assert.That(matchTypes, Is.Empty, "match types no emitted line exercised");
        Assert.That(targetTypes, Is.Empty, "target types no emitted line exercised");
    }

    // ------------------------------------------------------------ tokenizer

    [TestCase("-A INPUT -j ACCEPT", new[] { "-A", "INPUT", "-j", "ACCEPT" }, new[] { 1, 4, 10, 13 })]
    [TestCase("  -A\tINPUT  ", new[] { "-A", "INPUT" }, new[] { 3, 6 })]
    [TestCase("--comment \"a b\" x", new[] { "--comment", "a b", "x" }, new[] { 1, 11, 17 })]
    [TestCase("--comment \"it's \\\"q\\\" \\\\ ok\"", new[] { "--comment", "it's \"q\" \\ ok" }, new[] { 1, 11 })]
    [TestCase("--comment \"\" -j X", new[] { "--comment", "", "-j", "X" }, new[] { 1, 11, 14, 17 })]
    [TestCase("--comment \"\\'\"", new[] { "--comment", "'" }, new[] { 1, 11 })]
    [TestCase("a\\b 'c d'", new[] { "a\\b", "'c", "d'" }, new[] { 1, 5, 8 })]
    [TestCase("ab\"c d\"e", new[] { "abc d", "e" }, new[] { 1, 8 })]
    public void The_tokenizer_splits_as_iptables_restore_does(string line, string[] texts, int[] columns)
    {
        Assert.That(IptablesTokenizer.TryTokenize(line, out var tokens, out _), Is.True);
        Assert.That(tokens.Select(t => t.Text), Is.EqualTo(texts));
        Assert.That(tokens.Select(t => t.Column), Is.EqualTo(columns));
    }

    [Test]
    public void An_unbalanced_quote_is_RL0204_at_the_quote()
    {
        var parsed = Parse("-A INPUT -m comment --comment \"open -j ACCEPT");

        Assert.That(parsed.Rule, Is.Null);
        Assert.That(Describe(parsed), Is.EqualTo(new[] { "RL0204@31" }));
        Assert.That(parsed.Diagnostics[0].ToString(), Does.StartWith("rules.v4(7,31): error RL0204: the '\"' at column 31 is never closed"));
    }

    // ------------------------------------------------------------ what iptables accepts besides the normal form

    [Test]
    public void Options_are_read_in_any_order_with_implicit_protocol_modules_and_long_names()
    {
        string line = Reformat("--append INPUT --jump ACCEPT --protocol TCP --dport 22 --source 10.0.0.0/8 ! --in-interface eth0");

        Assert.That(line, Is.EqualTo("-A INPUT -s 10.0.0.0/8 ! -i eth0 -p tcp -m tcp --dport 22 -j ACCEPT"));
    }

    [TestCase("-A POSTROUTING -o eth0 -j SNAT --to 1.2.3.4", "-A POSTROUTING -o eth0 -j SNAT --to-source 1.2.3.4")]
    [TestCase("-A POSTROUTING -j MASQUERADE --to-p 1000-2000 -p udp", "-A POSTROUTING -p udp -j MASQUERADE --to-ports 1000-2000")]
    [TestCase("-A INPUT --pro tcp --dp 80 -j ACCEPT", "-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT")]
    public void A_long_option_may_be_abbreviated_as_getopt_allows(string line, string expected)
    {
        Assert.That(Reformat(line, TableKind.Nat), Is.EqualTo(expected));
    }

    [Test]
    public void An_ambiguous_abbreviation_is_RL0203()
    {
        // --d abbreviates --destination, --dst, --dport, --destination-port … once tcp is loaded.
        Assert.That(Describe(Parse("-A INPUT -p tcp -m tcp --d 22 -j ACCEPT")), Is.EqualTo(new[] { "RL0203@24" }));
    }

    [TestCase("-A INPUT -p tcp -m tcp --sport http -j ACCEPT", "-A INPUT -p tcp -m tcp --sport 80 -j ACCEPT")]
    [TestCase("-A INPUT -p tcp --dport :1023 -j ACCEPT", "-A INPUT -p tcp -m tcp --dport 0:1023 -j ACCEPT")]
    [TestCase("-A INPUT -p tcp --dport 1024: -j ACCEPT", "-A INPUT -p tcp -m tcp --dport 1024:65535 -j ACCEPT")]
    [TestCase("-A INPUT -p udp -m multiport --dports 53 -j ACCEPT", "-A INPUT -p udp -m udp --dport 53 -j ACCEPT")]
    [TestCase("-A INPUT -p sctp -m multiport --destination-ports 1,2:3 -j ACCEPT", "-A INPUT -p sctp -m multiport --dports 1,2:3 -j ACCEPT")]
    [TestCase("-A INPUT -m state --state ESTABLISHED,related -j ACCEPT", "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")]
    [TestCase("-A INPUT -m mark --mark 010/0xf0 -j ACCEPT", "-A INPUT -m mark --mark 0x8/0xf0 -j ACCEPT")]
    [TestCase("-A INPUT -s 10.11.12.13/255.255.0.0 -j ACCEPT", "-A INPUT -s 10.11.0.0/16 -j ACCEPT")]
    [TestCase("-A INPUT -d 192.0.2.1 -j ACCEPT", "-A INPUT -d 192.0.2.1/32 -j ACCEPT")]
    [TestCase("-A INPUT -p 6 -j ACCEPT", "-A INPUT -p tcp -j ACCEPT")]
    [TestCase("-A INPUT -p icmp --icmp-type echo-request -j ACCEPT", "-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT")]
    [TestCase("-A INPUT -p icmp --icmp-type port-unr -j ACCEPT", "-A INPUT -p icmp -m icmp --icmp-type 3/3 -j ACCEPT")]
    [TestCase("-A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT", "-A INPUT -p icmp -j ACCEPT")]
    [TestCase("-A INPUT -m limit --limit 3/m --limit-burst 3 -j ACCEPT", "-A INPUT -m limit --limit 3/min --limit-burst 3 -j ACCEPT")]
    [TestCase("-A INPUT -m limit --limit 10 -j ACCEPT", "-A INPUT -m limit --limit 10/sec -j ACCEPT")]
    [TestCase("-A INPUT -m limit -j ACCEPT", "-A INPUT -m limit --limit 3/hour -j ACCEPT")]
    [TestCase("-A INPUT -m statistic --mode nth --every 10 --packet 1 -j ACCEPT", "-A INPUT -m statistic --mode nth --every 10 --packet 1 -j ACCEPT")]
    [TestCase("-A INPUT -m statistic --mode random --probability 0.1 -j ACCEPT", "-A INPUT -m statistic --mode random --probability 0.10000000009 -j ACCEPT")]
    [TestCase("-A INPUT -m addrtype --src-type local --dst-type MULTICAST -j DROP", "-A INPUT -m addrtype --src-type LOCAL -m addrtype --dst-type MULTICAST -j DROP")]
    [TestCase("-A INPUT -m comment --comment 'single' -j ACCEPT", "-A INPUT -m comment --comment \"\\'single\\'\" -j ACCEPT")]
    [TestCase("-A INPUT -j LOG --log-level error --log-prefix \"x: \"", "-A INPUT -j LOG --log-prefix \"x: \" --log-level 3")]
    [TestCase("-A INPUT -j REJECT --reject-with net-unreach", "-A INPUT -j REJECT --reject-with icmp-net-unreachable")]
    [TestCase("-A INPUT -j AUDIT-IN -m comment --comment after", "-A INPUT -m comment --comment after -j AUDIT-IN")]
    [TestCase("-I INPUT 3 -g AUDIT-IN", "-A INPUT -g AUDIT-IN")]
    [TestCase("-A INPUT -p tcp --syn -j DROP", "-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j DROP")]
    [TestCase("-A INPUT -p tcp ! --syn -m state --state NEW -j DROP", "-A INPUT -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j DROP")]
    [TestCase("-A INPUT -p tcp -m tcp --tcp-flags ALL NONE -j DROP", "-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j DROP")]
    [TestCase("-A INPUT -p tcp --tcp-flags syn,ack,fin,rst syn -j DROP", "-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j DROP")]
    [TestCase("-A INPUT -p tcp --syn --dport 22 -j ACCEPT", "-A INPUT -p tcp -m tcp --dport 22 --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT")]
    [TestCase("-A INPUT -p tcp -m tcp --tcp-flags NONE NONE -j ACCEPT", "-A INPUT -p tcp -m tcp -j ACCEPT")]
    [TestCase("-A INPUT -m pkttype --pkt-type BROADCAST -j DROP", "-A INPUT -m pkttype --pkt-type broadcast -j DROP")]
    [TestCase("-A INPUT -m pkttype ! --pkt-type host -j DROP", "-A INPUT -m pkttype ! --pkt-type unicast -j DROP")]
    [TestCase("-A INPUT -m pkttype --pkt-type mcast -j ACCEPT", "-A INPUT -m pkttype --pkt-type multicast -j ACCEPT")]
    public void Filter_lines_in_other_spellings_print_in_the_normal_form(string line, string expected)
    {
        Assert.That(Reformat(line), Is.EqualTo(expected));
    }

    [TestCase("-A INPUT -p tcp --tcp-flags SYN,BOGUS SYN -j DROP", "RL0203@29")]
    [TestCase("-A INPUT -p tcp --syn --tcp-flags SYN SYN -j DROP", "RL0206@23")]
    [TestCase("-A INPUT -m pkttype --pkt-type otherhost -j DROP", "RL0201@32")]
    public void Bad_tcp_flags_and_packet_types_are_diagnostics_at_their_token(string line, string expected)
    {
        Assert.That(Describe(Parse(line, TableKind.Filter, IpFamily.IPv4)), Is.EqualTo(new[] { expected }));
    }

    [TestCase("-A OUTPUT -j MARK --set-mark 0x40", 0x40u, 0xffffffffu)]
    [TestCase("-A OUTPUT -j MARK --set-mark 0x40/0x32", 0x40u, 0x72u)]
    [TestCase("-A OUTPUT -j MARK --set-xmark 0x40/0x32", 0x40u, 0x32u)]
    [TestCase("-A OUTPUT -j MARK --set-xmark 0x40", 0x40u, 0xffffffffu)]
    [TestCase("-A OUTPUT -j MARK --or-mark 64", 0x40u, 0x40u)]
    [TestCase("-A OUTPUT -j MARK --and-mark 64", 0u, 0xffffffbfu)]
    [TestCase("-A OUTPUT -j MARK --xor-mark 64", 0x40u, 0u)]
    public void Mark_operations_become_value_and_mask_with_the_kernels_meaning(string line, uint value, uint mask)
    {
        var target = (MarkTarget)ParseOk(line, TableKind.Mangle).Target;

        Assert.That((target.Value, target.Mask), Is.EqualTo((value, mask)));
        // mark = (mark & ~mask) ^ value, checked against what each option promises for a sample mark.
        uint before = 0xdeadbeef;
        uint after = (before & ~target.Mask) ^ target.Value;
        uint expected = line.Split(' ')[4] switch
        {
            "--set-mark" when line.Contains('/') => (before & ~0x32u) | 0x40u,
            "--set-mark" or "--set-xmark" when !line.Contains('/') => 0x40u,
            "--set-xmark" => (before & ~0x32u) ^ 0x40u,
            "--or-mark" => before | 64,
            "--and-mark" => before & 64,
            _ => before ^ 64,
        };
        Assert.That(after, Is.EqualTo(expected));
    }

    [TestCase("-A POSTROUTING -j CONNMARK --set-mark 5", ConnmarkMode.Set, 5u, 0xffffffffu)]
    [TestCase("-A POSTROUTING -j CONNMARK --or-mark 0x10", ConnmarkMode.Set, 0x10u, 0x10u)]
    [TestCase("-A POSTROUTING -j CONNMARK --save-mark", ConnmarkMode.Save, 0u, 0xffffffffu)]
    [TestCase("-A POSTROUTING -j CONNMARK --restore-mark --mask 0xffffffff", ConnmarkMode.Restore, 0u, 0xffffffffu)]
    public void Connmark_operations(string line, ConnmarkMode mode, uint value, uint mask)
    {
        Assert.That(ParseOk(line, TableKind.Mangle).Target, Is.EqualTo(new ConnmarkTarget(mode, value, mask)));
    }

    [TestCase("-A PREROUTING -j NOTRACK", true)]
    [TestCase("-A PREROUTING -j CT --notrack", false)]
    public void Notrack_and_ct_notrack_are_one_target_that_keeps_its_spelling(string line, bool alias)
    {
        var target = ParseOk(line, TableKind.Raw).Target;
        Assert.That(target, Is.InstanceOf<NotrackTarget>());
        Assert.That(((NotrackTarget)target).Alias, Is.EqualTo(alias));
    }

    [TestCase("-A FORWARD -j DSCP --set-dscp-class af41", 0x22)]
    [TestCase("-A FORWARD -j DSCP --set-dscp-class EF", 46)]
    [TestCase("-A FORWARD -j DSCP --set-dscp 0x2e", 46)]
    [TestCase("-A FORWARD -j DSCP --set-dscp 10", 10)]
    public void Dscp_by_value_or_class(string line, int value)
    {
        Assert.That(ParseOk(line, TableKind.Mangle).Target, Is.EqualTo(new DscpTarget(value)));
    }

    [TestCase("-A INPUT -m recent --set", "DEFAULT", RecentCommand.Set, null, false)]
    [TestCase("-A INPUT -m recent --name KUBE-SEP-X --rcheck --reap --seconds 10800", "KUBE-SEP-X", RecentCommand.Rcheck, 10800, true)]
    [TestCase("-A INPUT -m recent --rch --sec 0x10 --na a.b --rsource --mask 255.255.255.255", "a.b", RecentCommand.Rcheck, 16, false)]
    public void Recent_takes_set_or_rcheck_with_its_seconds_reap_and_list_name(string line, string name, RecentCommand command, int? seconds, bool reap)
    {
        var rule = ParseOk(line + " -j ACCEPT");

        Assert.That(rule.Matches.Single(), Is.EqualTo(new RecentMatch(name, command, seconds, reap)));
    }

    [Test]
    public void Recent_prints_as_iptables_saves_it_in_the_order_it_was_written()
    {
        // The order and spelling of iptables' own vector (libxt_recent.t): the defaults --mask and --rsource are printed.
        Assert.That(Reformat("-A INPUT -p tcp -m recent --set -m recent --rcheck --name b --seconds 60 -j DROP"),
            Is.EqualTo("-A INPUT -p tcp -m recent --set --name DEFAULT --mask 255.255.255.255 --rsource -m recent --rcheck --seconds 60 --name b --mask 255.255.255.255 --rsource -j DROP"));
        Assert.That(Reformat("-A INPUT -m recent --rcheck --name s --mask ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff -j DROP", family: IpFamily.IPv6),
            Is.EqualTo("-A INPUT -m recent --rcheck --name s --mask ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff --rsource -j DROP"));
    }

    [TestCase("-A KUBE-FW-X -m comment --comment \"other traffic will be dropped\"", 1)]
    [TestCase("-A INPUT -p tcp --dport 22", 2)]
    [TestCase("-A INPUT", 0)]
    public void A_rule_without_a_target_only_counts_and_prints_without_one(string line, int matches)
    {
        var rule = ParseOk(line);

        Assert.That(rule.Target, Is.SameAs(NoTarget.Instance));
        Assert.That(rule.Matches, Has.Count.EqualTo(matches));
        Assert.That(new RuleFormatter(IpFamily.IPv4).Format(line.Split(' ')[1], rule), Is.EqualTo(line.Replace("--dport", "-m tcp --dport", StringComparison.Ordinal)));
    }

    [Test]
    public void Ip6tables_lines_take_ipv6_addresses_icmpv6_and_ip6tables_reject_names()
    {
        var rule = ParseOk("-A INPUT -s feed:babe::1/ffff:ff00:: -p ipv6-icmp --icmpv6-type neighbour-solicitation -j REJECT --reject-with adm-prohibited", family: IpFamily.IPv6);

        Assert.That(new RuleFormatter(IpFamily.IPv6).Format("INPUT", rule),
            Is.EqualTo("-A INPUT -s feed:ba00::/24 -p ipv6-icmp -m icmp6 --icmpv6-type 135 -j REJECT --reject-with icmp6-adm-prohibited"));
        var dnat = ParseOk("-A PREROUTING -p tcp -j DNAT --to-destination [fec0::1234]:1-20", TableKind.Nat, IpFamily.IPv6);
        Assert.That(dnat.Target, Is.EqualTo(new DnatTarget("fec0::1234", new PortSpan(1, 20))));
    }

    [Test]
    public void The_table_comes_from_t_and_the_insert_position_from_I()
    {
        var parsed = IptablesRuleParser.ParseRule("-t nat -I PREROUTING 4 -p tcp --dport 80 -j REDIRECT --to-ports 8080", TableKind.Filter, Line7);

        Assert.That(parsed.Diagnostics, Is.Empty);
        Assert.That((parsed.Table, parsed.Chain, parsed.IsInsert, parsed.InsertPosition), Is.EqualTo((TableKind.Nat, "PREROUTING", true, (int?)4)));
        var (rule, chain, diagnostics) = parsed;
        Assert.That((rule!.Target, chain, diagnostics.Count), Is.EqualTo(((Target)new RedirectTarget(PortSpan.Single(8080)), "PREROUTING", 0)));
    }

    [Test]
    public void Columns_count_from_the_column_of_the_line_location()
    {
        var parsed = IptablesRuleParser.ParseRule("-A INPUT -m recent -j DROP", TableKind.Filter, new SourceLocation("dump", 3, 5));

        Assert.That(parsed.Diagnostics.Single().Location, Is.EqualTo(new SourceLocation("dump", 3, 5 + 13 - 1)));
    }

    [Test]
    public void Values_the_checker_owns_are_left_to_the_checker()
    {
        // Port 0, a reversed range and a burst of 0 parse; the checker reports them with its own IDs.
        var rule = ParseOk("-A INPUT -p tcp --sport 4:3 --dport 0 -m limit --limit-burst 0 -j ACCEPT");
        var policy = M.Policy("p", M.Table(TableKind.Filter, M.Builtin(Hook.Input, rule)));

        Assert.That(PolicyChecker.Check(policy).Select(d => d.Id).Distinct().Order(), Is.EqualTo(new[] { "RL0103", "RL0104", "RL0111" }));
    }

    // ------------------------------------------------------------ diagnostics

    [TestCase("-A INPUT -m recent --set --mask 255.255.255.0 -j DROP", "RL0201@33")]
    [TestCase("-A INPUT -m recent ! --rcheck -j DROP", "RL0201@22")]
    [TestCase("-A INPUT -m recent --rcheck --seconds 4294967295 -j DROP", "RL0201@39")]
    [TestCase("-A INPUT -m recent -j DROP", "RL0203@13")]
    [TestCase("-A INPUT -m recent --set --rcheck -j DROP", "RL0203@26")]
    [TestCase("-A INPUT -m recent --rcheck --seconds soon -j DROP", "RL0203@39")]
    [TestCase("-A INPUT -m recent --set --mask ffff:: -j DROP", "RL0203@33")]
    [TestCase("-A INPUT -m recent --set --mask 255.0.0.0/8 -j DROP", "RL0203@33")]
    [TestCase("-A INPUT -m recent --set --name a --name b -j DROP", "RL0206@35")]
    [TestCase("-A INPUT -f -j DROP", "RL0201@10")]
    [TestCase("-A INPUT -p tcp -m multiport --ports 10 -j DROP", "RL0201@30")]
    [TestCase("-A INPUT -m conntrack --ctexpire 4:3 -j ACCEPT", "RL0203@34")]
    [TestCase("-A INPUT -p gre -j ACCEPT", "RL0201@13")]
    [TestCase("-A INPUT -s 10.0.0.1,10.0.0.2 -j ACCEPT", "RL0201@13")]
    [TestCase("-A INPUT -s 10.11.12.13/255.0.255.0 -j ACCEPT", "RL0201@13")]
    [TestCase("-A INPUT -s example.com -j ACCEPT", "RL0201@13")]
    [TestCase("-A INPUT -p icmp ! --icmp-type 8 -j ACCEPT", "RL0201@20")]
    [TestCase("-A INPUT -m statistic --mode nth ! --every 10 -j ACCEPT", "RL0201@36")]
    [TestCase("-A INPUT -p tcp --sport gopher-2 -j ACCEPT", "RL0201@25")]
    [TestCase("-A INPUT -s ! 10.0.0.1 -j ACCEPT", "RL0201@13")]
    [TestCase("-A INPUT -m comment --comment x -c 1 2 -j ACCEPT", "RL0201@33")]
    [TestCase("-A INPUT -j NFLOG --nflog-group 2", "RL0202@13")]
    [TestCase("-A INPUT -j TPROXY --on-port 1", "RL0202@13")]
    [TestCase("-A INPUT -p tcp -j DNAT --to-destination 1.2.3.4 --random", "RL0201@50")]
    [TestCase("-A INPUT -j DNAT --to-destination 192.168.1.1-192.168.1.10", "RL0201@35")]
    [TestCase("-A INPUT -p tcp --dport 80 -j REDIRECT", "RL0202@31")]
    [TestCase("-A INPUT -j CT --ctevents new", "RL0201@16")]
    [TestCase("-A INPUT -j CONNMARK --save-mark --nfmask 0xff", "RL0201@34")]
    [TestCase("-A INPUT -p tcp --dport 65536 -j ACCEPT", "RL0203@25")]
    [TestCase("-A INPUT -s 10.0.0.256 -j ACCEPT", "RL0203@13")]
    [TestCase("-A INPUT -s 2001:db8::1 -j ACCEPT", "RL0203@13")]
    [TestCase("-A INPUT -m mark --mark 0x1/zz -j ACCEPT", "RL0203@25")]
    [TestCase("-A INPUT -m conntrack --ctstate NEW,BOGUS -j ACCEPT", "RL0203@33")]
    [TestCase("-A INPUT -m state --state DNAT -j ACCEPT", "RL0203@27")]
    [TestCase("-A INPUT -m limit --limit 3/fortnight -j ACCEPT", "RL0203@27")]
    [TestCase("-A INPUT -m statistic --probability 0.5 -j ACCEPT", "RL0203@13")]
    [TestCase("-A INPUT -p udp -m tcp --dport 22 -j ACCEPT", "RL0203@20")]
    [TestCase("-A INPUT -j LOG --log-level loud", "RL0203@29")]
    [TestCase("-A INPUT -j ACCEPT -s", "RL0203@20")]
    [TestCase("-A INPUT ACCEPT", "RL0203@10")]
    [TestCase("-A INPUT -g ACCEPT", "RL0203@13")]
    [TestCase("-A INPUT ! -j ACCEPT", "RL0203@12")]
    [TestCase("-A INPUT -j MARK", "RL0203@13")]
    [TestCase("-A INPUT -s 10.0.0.1 -s 10.0.0.2 -j ACCEPT", "RL0206@22")]
    [TestCase("-A INPUT -j ACCEPT -j DROP", "RL0206@20")]
    [TestCase("-A INPUT -j DNAT --to-destination 1.1.1.1 --to-destination 2.2.2.2", "RL0206@43")]
    [TestCase("-F INPUT", "RL0207@1")]
    [TestCase("-p tcp -j ACCEPT", "RL0207@1")]
    [TestCase("", "RL0207@1")]
    public void Unsupported_or_malformed_input_is_a_diagnostic_at_the_offending_token(string line, params string[] expected)
    {
        ParsedRule parsed = null!;
        Assert.DoesNotThrow(() => parsed = Parse(line));

        Assert.That(Describe(parsed), Is.EqualTo(expected), () => string.Join("\n", parsed.Diagnostics));
        Assert.That(parsed.Rule, Is.Null);
        Assert.That(parsed.Succeeded, Is.False);
        Assert.That(parsed.Diagnostics.Select(d => d.Location.File), Has.All.EqualTo("rules.v4"));
        Assert.That(parsed.Diagnostics.Select(d => d.Location.Line), Has.All.EqualTo(7));
    }

    [Test]
    public void Messages_name_the_construct_and_the_reason()
    {
        Assert.That(Parse("-A INPUT -m string --algo bm --string x -j DROP").Diagnostics.Single().ToString(),
            Is.EqualTo("rules.v4(7,13): error RL0201: -m string cannot be imported: RuleLang's model has no such match"));
        Assert.That(Parse("-A INPUT -m recent --set --mask 255.255.255.0 -j DROP").Diagnostics.Single().Message,
            Is.EqualTo("--mask 255.255.255.0 cannot be imported: RuleLang's recent match keeps whole addresses (a mask of all ones, the default)"));
        Assert.That(Parse("-A INPUT -j NFLOG").Diagnostics.Single().Message, Is.EqualTo("target NFLOG cannot be imported: RuleLang's model has no such target"));
    }

    /// <summary>Every prefix of every emitted line: the parser reports, it never throws.</summary>
    [Test]
    public void Truncated_lines_give_diagnostics_never_exceptions()
    {
        foreach (var data in EmittedLines())
        {
            string line = (string)data.Arguments[2]!;
            for (int length = 0; length < line.Length; length++)
            {
                string prefix = line.Substring(0, length);
                ParsedRule parsed = null!;
                Assert.DoesNotThrow(() => parsed = IptablesRuleParser.ParseRule(prefix, (TableKind)data.Arguments[1]!, Line7, (IpFamily)data.Arguments[0]!), prefix);
                Assert.That(parsed.Rule is not null || parsed.Diagnostics.Any(d => d.IsError), Is.True, prefix);
                Assert.That(parsed.Diagnostics.Select(d => d.Location.Column), Has.All.InRange(1, Math.Max(1, prefix.Length)), prefix);
            }
        }
    }

    /// <summary>
    /// iptables' own test vectors (extensions/*.t, GPL data read from ../shared, never copied here): no line throws,
    /// and a line iptables accepts either parses to a rule that prints as iptables saves it, or is reported.
    /// </summary>
    [Test]
    public void Iptables_own_test_vectors_parse_or_are_reported()
    {
        string folder = Path.Combine(RepoPaths.Root, "..", "shared", "peers-corpus", "iptables-1.8.11", "extensions");
        if (!Directory.Exists(folder))
        {
            Assert.Ignore($"The peers corpus is not at {folder}.");
        }
        int total = 0, parsed = 0, equal = 0;
        var differences = new List<string>();
        foreach (string path in Directory.GetFiles(folder, "*.t").Order(StringComparer.Ordinal))
        {
            var family = Path.GetFileName(path).StartsWith("libip6t", StringComparison.Ordinal) ? IpFamily.IPv6 : IpFamily.IPv4;
            var table = TableKind.Filter;
            string chain = "INPUT";
            foreach (string raw in File.ReadLines(path))
            {
                if (raw.StartsWith('*'))
                {
                    table = Enum.Parse<TableKind>(raw.Substring(1), ignoreCase: true);
                    continue;
                }
                if (raw.StartsWith(':'))
                {
                    chain = raw.Substring(1).Split(',')[0];
                    continue;
                }
                string[] fields = raw.Split(';');
                if (raw.StartsWith('#') || raw.StartsWith('@') || fields.Length < 3)
                {
                    continue;
                }
                total++;
                string line = $"-A {chain} {fields[0]}";
                ParsedRule result = null!;
                Assert.DoesNotThrow(() => result = IptablesRuleParser.ParseRule(line, table, Line7, family), line);
                Assert.That(result.Rule is not null || result.Diagnostics.Any(d => d.IsError), Is.True, line);
                if (result.Rule is null || fields[2] != "OK")
                {
                    continue;
                }
                parsed++;
                string expected = $"-A {chain} " + (fields[1] == "=" ? fields[0] : fields[1]);
                string printed = new RuleFormatter(family).Format(chain, result.Rule);
                if (printed == expected)
                {
                    equal++;
                }
                else
                {
                    differences.Add($"{Path.GetFileName(path)}: {expected}\n    printed {printed}");
                }
            }
        }
        TestContext.Out.WriteLine($"{total} vectors, {parsed} accepted by iptables and parsed, {equal} printed exactly as iptables saves them");
        TestContext.Out.WriteLine("Printed differently (the model's normal form; each is the same rule):\n" + string.Join("\n", differences));
        Assert.That(total, Is.GreaterThan(100));
    }

    // ------------------------------------------------------------ helpers

    private static ParsedRule Parse(string line, TableKind table = TableKind.Filter, IpFamily family = IpFamily.IPv4) =>
        IptablesRuleParser.ParseRule(line, table, Line7, family);

    private static Rule ParseOk(string line, TableKind table = TableKind.Filter, IpFamily family = IpFamily.IPv4)
    {
        var parsed = Parse(line, table, family);
        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        return parsed.Rule!;
    }

    /// <summary>Parses a line and prints it back in the normal form.</summary>
    private static string Reformat(string line, TableKind table = TableKind.Filter, IpFamily family = IpFamily.IPv4)
    {
        var parsed = Parse(line, table, family);
        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        return new RuleFormatter(family).Format(parsed.Chain, parsed.Rule!);
    }

    private static string[] Describe(ParsedRule parsed) => parsed.Diagnostics.Select(d => $"{d.Id}@{d.Location.Column}").ToArray();
}
