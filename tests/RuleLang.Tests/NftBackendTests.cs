using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.Testing;
using static RuleLang.Testing.M;

namespace RuleLang.Tests;

/// <summary>
/// The nft back end: each corpus policy's script against its verified file (read every line before accepting),
/// the mappings that are easy to get subtly wrong, and what it refuses (RL3101). That the kernel loads these
/// scripts and lists them back as written is proved in RuleLang.KernelTests (NftLoadTests).
/// </summary>
public class NftBackendTests
{
    private static readonly RulesetFormat[] NftOnly = { RulesetFormat.Nft };

    public static IEnumerable<TestCaseData> CorpusPolicies =>
        NftCorpus.Policies().Select(p => new TestCaseData(p).SetArgDisplayNames(p.Name));

    [TestCaseSource(nameof(CorpusPolicies))]
    public void Corpus_scripts_match_their_verified_files(Policy policy)
    {
        string text = Nft(policy);
        Golden.Verify(text, Path.Combine(RepoPaths.Root, "tests", "RuleLang.Tests", "Verified", "nft", policy.Name + ".nft.verified.txt"));
    }

    [Test]
    public void Output_is_byte_for_byte_deterministic_and_owns_its_table()
    {
        foreach (var policy in NftCorpus.Policies())
        {
            string first = Nft(policy);
            Assert.That(Nft(policy), Is.EqualTo(first));
            Assert.That(first, Does.Not.Contain("\r"));
            var lines = first.Split('\n');
            Assert.That(lines[2..5], Is.EqualTo(new[]
            {
                "table inet " + policy.Name, "delete table inet " + policy.Name, "table inet " + policy.Name + " {",
            }));
            Assert.That(first, Does.EndWith("\n}\n"));
            Assert.That(lines.Count(l => l.StartsWith("table ", StringComparison.Ordinal) || l.StartsWith("delete ", StringComparison.Ordinal)), Is.EqualTo(3),
                "the script touches no table but its own");
        }
    }

    [Test]
    public void Nft_is_emitted_only_when_asked_for_as_policy_name_dot_nft()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Accept, In("lo")))));
        Assert.That(PolicyCompiler.Compile(policy).Rulesets.Select(r => r.FileName), Has.None.EndsWith(".nft"));
        var all = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables, RulesetFormat.Nft });
        Assert.That(all.Rulesets.Select(r => r.FileName), Is.EqualTo(new[] { "p.iptables", "p.nft" }));
    }

    [TestCase(0x10u, 0xffffffffu, "0x00000010")]
    [TestCase(0x4000u, 0x4000u, "meta mark | 0x00004000")]
    [TestCase(0x0u, 0x4000u, "meta mark & 0xffffbfff")]
    [TestCase(0x4000u, 0x0u, "meta mark ^ 0x00004000")]
    [TestCase(0x10u, 0xf0u, "meta mark & 0xffffff1f | 0x00000010")]
    [TestCase(0x0f0fu, 0xf0u, "meta mark & 0xffffff0f ^ 0x00000f0f")]
    [TestCase(0x0f0fu, 0xff00u, "meta mark & 0xffff0fff ^ 0x0000000f | 0x00000f00")]
    public void Set_xmark_becomes_the_bitwise_form_nft_prints(uint value, uint mask, string expected)
    {
        Assert.That(NftStatements.XMark("meta mark", value, mask), Is.EqualTo(expected));
        // The printed form, read with C's precedence as nft reads it, computes --set-xmark's (x & ~mask) ^ value.
        foreach (uint x in new[] { 0u, 0xffffffffu, 0x12345678u, 0x4000u, 0xdeadbeefu })
        {
            Assert.That(Evaluate(expected, x), Is.EqualTo((x & ~mask) ^ value), $"x = 0x{x:x8}");
        }
    }

    [Test]
    public void Random_probabilities_compare_numgen_with_the_kernels_fixed_point_value()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(Accept, new RandomMatch(1.0 / 3)), Rule(Accept, new RandomMatch(0.25)), Rule(Drop, new RandomMatch(1.0)))));
        string text = Nft(policy);
        Assert.That(text, Does.Contain("\t\tnumgen random mod 2147483648 < 715827883 accept\n"));
        Assert.That(text, Does.Contain("\t\tnumgen random mod 2147483648 < 536870912 accept\n"));
        Assert.That(text, Does.Contain("\t\tdrop\n"), "probability 1 matches every packet in the kernel too");
    }

    [Test]
    public void A_cascade_becomes_a_numgen_map_only_when_no_chosen_chain_can_return()
    {
        string text = Nft(NftCorpus.Shapes());
        Assert.That(Chain(text, "nat_SVC-A6"), Does.Contain("numgen random mod 3 vmap {"), "gotos");
        Assert.That(Chain(text, "nat_SVC-C"), Does.Contain("numgen random mod 2 vmap {"), "jumps to chains that end every packet");
        Assert.That(Chain(text, "nat_SVC-B6"), Does.Contain("numgen random mod 2147483648 < 1073741824 jump nat_SEP-B1").And.Not.Contain("vmap"),
            "SEP-B1 returns, and iptables would then roll the next rule");
    }

    [Test]
    public void A_chain_that_acts_on_one_family_and_returns_keeps_the_cascade_rule_by_rule()
    {
        // SEP-1 ends IPv4 packets with its DNAT, but marks IPv6 packets and returns them: ip6tables would then
        // roll the second rule as well, so only the rule-by-rule form is exact.
        var policy = Policy("p", Table(TableKind.Nat,
            Builtin(Hook.Prerouting, Rule(Jump("SVC"), Proto(Protocol.Tcp))),
            User("SVC", Rule(Jump("SEP-1"), new RandomMatch(0.5)), Rule(Jump("SEP-2"))),
            User("SEP-1", Rule(new MarkTarget(1)), Rule(new DnatTarget("10.0.1.1"))),
            User("SEP-2", Rule(new DnatTarget("10.0.1.2")))));
        Assert.That(Chain(Nft(policy), "nat_SVC"), Does.Not.Contain("vmap").And.Contain("numgen random mod 2147483648 < 1073741824 jump nat_SEP-1"));
    }

    [Test]
    public void Service_dispatch_becomes_one_map_per_family_and_a_repeated_key_stays_a_rule()
    {
        string prerouting = Chain(Nft(NftCorpus.Shapes()), "nat_PREROUTING");
        Assert.That(prerouting, Does.Contain("\t\tip6 daddr . meta l4proto . th dport vmap {\n\t\t\t2001:db8::10 . tcp . 80 comment \"a6\" : jump nat_SVC-A6,\n"));
        Assert.That(prerouting, Does.Contain("\t\tip daddr . meta l4proto . th dport vmap {\n\t\t\t10.96.1.1 . sctp . 9000 : jump nat_SVC-C,\n\t\t\t10.96.1.2 . tcp . 9000 : jump nat_SVC-C\n\t\t}\n"));
        Assert.That(prerouting, Does.Contain("\t\tip daddr 10.96.1.2 tcp dport 9000 jump nat_SVC-C\n"));
    }

    [Test]
    public void Neutral_rules_with_per_rule_state_are_split_by_family_with_the_family_tested_first()
    {
        string text = Nft(NftCorpus.Shapes());
        Assert.That(text, Does.Contain("\t\tmeta nfproto ipv4 tcp dport 8443 limit rate 20/minute burst 3 packets accept\n\t\tmeta nfproto ipv6 tcp dport 8443 limit rate 20/minute burst 3 packets accept\n"));
        Assert.That(text, Does.Contain("\t\tmeta nfproto ipv4 numgen inc mod 5 2 log prefix \"every 5th: \"\n"), "--every 5 --packet 2 matches the 3rd packet, then every 5th; numgen inc counts the 1st packet as 0");
        Assert.That(text, Does.Contain("\t\tmeta nfproto ipv4 meta l4proto udp limit rate 100/second ip dscp set ef\n"));
    }

    [Test]
    public void A_negated_state_list_tests_that_no_listed_state_is_set()
    {
        // `ct state != related,new` would compare with the OR of both bits, which a NEW packet differs from.
        string text = Nft(Policy("negstates", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(Accept, State(ConntrackStates.New | ConntrackStates.Related, not: true)),
            Rule(Accept, State(ConntrackStates.Invalid, not: true))))));

        Assert.That(text, Does.Contain("\t\tct state ! related,new accept\n"));
        Assert.That(text, Does.Contain("\t\tct state != invalid accept\n"));
    }

    [Test]
    public void An_interface_prefix_of_every_name_is_left_out_and_its_negation_refused()
    {
        // nft refuses the all-wildcard "*"; `-i +` matches every packet, `! -i +` none.
        string text = Nft(Policy("anyiface", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Accept, In("+"), Proto(Protocol.Udp))))));
        Assert.That(text, Does.Contain("\t\tmeta l4proto udp accept\n").And.Not.Contain("iifname"));

        // `! -i +` matches no packet in any back end: the checker refuses it before nft is reached.
        var refused = PolicyCompiler.Compile(Policy("noiface", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Accept, In("+", not: true))))), NftOnly);
        Assert.That(refused.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "RL0111" }));
        Assert.That(refused.Diagnostics.Single().Message, Does.StartWith("interface '! +' is not valid; it matches no packet"));
    }

    [Test]
    public void Chains_are_named_by_table_and_hooked_at_the_iptables_tables_priority()
    {
        string text = Nft(NormalFormCorpus.Policies().Select(NftCorpus.WithoutDoubleQuotes).First());
        foreach (string header in new[]
        {
            "\tchain raw_PREROUTING {\n\t\ttype filter hook prerouting priority raw; policy accept;\n",
            "\tchain mangle_OUTPUT {\n\t\ttype route hook output priority mangle; policy accept;\n",
            "\tchain nat_PREROUTING {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n",
            "\tchain nat_INPUT {\n\t\ttype nat hook input priority 100; policy accept;\n",
            "\tchain nat_OUTPUT {\n\t\ttype nat hook output priority -100; policy accept;\n",
            "\tchain nat_POSTROUTING {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n",
            "\tchain filter_INPUT {\n\t\ttype filter hook input priority filter; policy drop;\n",
            "\tchain security_OUTPUT {\n\t\ttype filter hook output priority security; policy accept;\n",
            "\tchain filter_AUDIT-IN {\n\t\tip saddr 172.16.0.0/12 return\n",
        })
        {
            Assert.That(text, Does.Contain(header));
        }
    }

    [Test]
    public void A_double_quote_in_a_comment_or_log_prefix_is_RL3101_and_nothing_is_emitted()
    {
        var original = NormalFormCorpus.Policies().First();
        var result = PolicyCompiler.Compile(original, new[] { RulesetFormat.Iptables, RulesetFormat.Nft });
        var errors = result.Diagnostics.Where(d => d.IsError).ToArray();
        Assert.That(errors.Select(d => d.Id), Is.EqualTo(new[] { "RL3101", "RL3101" }));
        Assert.That(errors[0].Message, Does.StartWith("the log prefix 'it's \"quoted\" \\ ok' has no faithful form in the nft back end: nft strings cannot contain a double quote"));
        Assert.That(errors[1].Message, Does.StartWith("the comment 'with spaces, dots. and 'quotes' \"too\"' has no faithful form in the nft back end"));
        Assert.That(result.Rulesets, Is.Empty);
        Assert.That(PolicyCompiler.Compile(original).Succeeded, Is.True, "without nft nothing is refused");
    }

    [Test]
    public void What_nft_cannot_say_is_refused_with_RL3101_naming_the_construct()
    {
        string longText = new string('x', 100);
        var policy = Policy("counter", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(11, Accept, Comment(longText), Comment(longText)),
            Rule(12, Accept, State(ConntrackStates.Established | ConntrackStates.Dnat)),
            Rule(13, Accept, State(ConntrackStates.Dnat, not: true)),
            Rule(14, Accept, In("eth*")))));
        var messages = PolicyCompiler.Compile(policy, NftOnly).Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToArray();
        Assert.That(messages, Is.EqualTo(new[]
        {
            "test.cs(1,1): error RL3101: the table name 'counter' has no faithful form in the nft back end: nft reads it as a keyword, and takes no quoted table names; rename the policy (its name names the table)",
            "test.cs(11,1): error RL3101: the rule's comment has no faithful form in the nft back end: nft keeps at most 128 bytes of comment per rule, and this rule's comments take 202 (several are joined with \"; \"); shorten the comment",
            "test.cs(12,1): error RL3101: --ctstate ESTABLISHED,DNAT has no faithful form in the nft back end: nft tests SNAT and DNAT as ct status bits, apart from the ct state, and one rule cannot test either of the two; write one rule for the states and one for SNAT/DNAT",
            "test.cs(13,1): error RL3101: ! --ctstate DNAT has no faithful form in the nft back end: nft's ct status test does not match packets without a connection (invalid or untracked), which iptables' negation does; match the positive state and RETURN or ACCEPT before this rule",
            "test.cs(14,1): error RL3101: the interface name 'eth*' has no faithful form in the nft back end: nft reads '*' in an interface name as a wildcard and '\\' as its escape; use a name without '*' and '\\', or '+' at the end for a prefix",
        }));
    }

    [Test]
    public void Tcp_flags_and_packet_types_are_nft_flag_and_pkttype_tests()
    {
        string text = Nft(Policy("tcpflags", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(Drop, Proto(Protocol.Tcp), TcpFlagsMatch.Syn(negated: true), State(ConntrackStates.New)),
            Rule(Drop, Proto(Protocol.Tcp), new TcpFlagsMatch(TcpFlags.All, TcpFlags.None)),
            Rule(Accept, Proto(Protocol.Tcp), new TcpFlagsMatch(TcpFlags.Syn | TcpFlags.Ack, TcpFlags.Syn | TcpFlags.Ack)),
            Rule(Drop, new PacketTypeMatch(PacketType.Broadcast)),
            Rule(Drop, new PacketTypeMatch(PacketType.Unicast, Negated: true))))));

        Assert.That(text, Does.Contain("\t\ttcp flags != syn / fin,syn,rst,ack ct state new drop\n"));
        Assert.That(text, Does.Contain("\t\ttcp flags ! fin,syn,rst,psh,ack,urg drop\n"));
        Assert.That(text, Does.Contain("\t\ttcp flags syn,ack / syn,ack accept\n"));
        Assert.That(text, Does.Contain("\t\tmeta pkttype broadcast drop\n"));
        Assert.That(text, Does.Contain("\t\tmeta pkttype != host drop\n"));
    }

    [Test]
    public void Tcp_flags_without_tcp_are_RL1220()
    {
        var refused = PolicyCompiler.Compile(Policy("noproto", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(31, Drop, TcpFlagsMatch.Syn()),
            Rule(32, Drop, Proto(Protocol.Tcp, not: true), new TcpFlagsMatch(TcpFlags.Syn, TcpFlags.None, Negated: true))))), NftOnly);
        Assert.That(refused.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "test.cs(31,1): error RL1220: a TCP flags match (--tcp-flags FIN,SYN,RST,ACK SYN) needs the rule to match -p tcp, since only a TCP segment has flags; its protocol is any protocol",
            "test.cs(32,1): error RL1220: a TCP flags match (! --tcp-flags SYN NONE) needs the rule to match -p tcp, since only a TCP segment has flags; its protocol is any protocol",
        }));
    }

    [Test]
    public void An_nfacct_counter_is_RL3101_for_nft_not_a_crash()
    {
        var policy = Policy("counted", Table(TableKind.Filter, Builtin(Hook.Forward,
            Rule(21, Drop, State(ConntrackStates.Invalid), new NfacctMatch("ct_state_invalid_dropped_pkts")))));
        var messages = PolicyCompiler.Compile(policy, NftOnly).Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToArray();
        Assert.That(messages, Is.EqualTo(new[]
        {
            "test.cs(21,1): error RL3101: -m nfacct --nfacct-name ct_state_invalid_dropped_pkts has no faithful form in the nft back end: nft has no match that counts into an nfnetlink_acct object; emit iptables for this policy, or use an nft named counter",
        }));
    }

    private static string Nft(Policy policy)
    {
        var result = PolicyCompiler.Compile(policy, NftOnly);
        Assert.That(result.Diagnostics.Where(d => d.IsError), Is.Empty, string.Join("\n", result.Diagnostics));
        return result.Rulesets.Single().Text;
    }

    /// <summary>The text of one chain block, from its header to its closing brace.</summary>
    private static string Chain(string text, string name)
    {
        int start = text.IndexOf("\tchain " + name + " {\n", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"no chain {name}");
        int end = text.IndexOf("\n\t}\n", start, StringComparison.Ordinal);
        return text.Substring(start, end - start + 4);
    }

    /// <summary>Evaluates `meta mark [& a] [^ b] [| c]` (or a constant) with C's precedence: &amp; before ^ before |.</summary>
    private static uint Evaluate(string expression, uint x)
    {
        var tokens = expression.Replace("meta mark", "X", StringComparison.Ordinal).Split(' ');
        uint Value(string t) => t == "X" ? x : Convert.ToUInt32(t, 16);
        var orTerms = new List<uint>();
        var xorTerms = new List<uint>();
        uint and = Value(tokens[0]);
        for (int i = 1; i < tokens.Length; i += 2)
        {
            uint operand = Value(tokens[i + 1]);
            switch (tokens[i])
            {
                case "&":
                    and &= operand;
                    break;
                case "^":
                    xorTerms.Add(and);
                    and = operand;
                    break;
                default:
                    xorTerms.Add(and);
                    orTerms.Add(xorTerms.Aggregate((a, b) => a ^ b));
                    xorTerms.Clear();
                    and = operand;
                    break;
            }
        }
        xorTerms.Add(and);
        orTerms.Add(xorTerms.Aggregate((a, b) => a ^ b));
        return orTerms.Aggregate((a, b) => a | b);
    }
}
