using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Checker;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.Text;

namespace RuleLang.Tests.Text;

public class RlParserTests
{
    private static Policy Parse(string text, IRlSourceResolver? sources = null)
    {
        var result = RlParser.Parse(text, "main.rl", sources);
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        return result.Policy!;
    }

    private static IReadOnlyList<Rule> Input(Policy policy) => policy.FindTable(TableKind.Filter)!.FindChain("INPUT")!.Rules;

    [Test]
    public void Every_match_and_target_is_placed_at_its_keyword_so_checker_errors_point_at_the_token()
    {
        var policy = Parse("policy p\ntable filter {\n  chain INPUT {\n    tcp dport 70000 saddr 10.0.0.300 log level 9\n  }\n}\n");
        var rule = Input(policy).Single();
        Assert.That(rule.Location, Is.EqualTo(new SourceLocation("main.rl", 4, 5)));
        Assert.That(rule.Matches.Select(m => m.Location!.Column), Is.EqualTo(new[] { 5, 9, 21 }));
        Assert.That(rule.Target.Location, Is.EqualTo(new SourceLocation("main.rl", 4, 38)));

        var found = PolicyChecker.Check(policy).Select(d => $"{d.Id} {d.Location.Line}:{d.Location.Column}").ToArray();
        Assert.That(found, Is.SupersetOf(new[] { "RL0103 4:9", "RL0101 4:21", "RL0111 4:38" }));
    }

    [Test]
    public void The_policy_is_at_its_policy_line_and_chains_at_their_chain_keyword()
    {
        var policy = Parse("# header\n\n  policy p\ntable filter {\n  chain INPUT policy drop {\n  }\n  chain mine {\n  }\n}\n");
        Assert.That(policy.Location, Is.EqualTo(new SourceLocation("main.rl", 3, 3)));
        var filter = policy.FindTable(TableKind.Filter)!;
        Assert.That(filter.FindChain("INPUT")!.Location, Is.EqualTo(new SourceLocation("main.rl", 5, 3)));
        Assert.That(filter.FindChain("mine")!.Location, Is.EqualTo(new SourceLocation("main.rl", 7, 3)));
    }

    [Test]
    public void A_used_table_has_all_its_builtin_chains_accepting_unless_stated_and_user_chains_in_declaration_order()
    {
        var policy = Parse("policy p\ntable nat {\n chain zeta {\n  return\n }\n chain POSTROUTING policy drop {\n }\n chain alpha {\n  return\n }\n}\n");
        var nat = policy.Tables.Single();
        Assert.That(nat.Chains.Select(c => $"{c.Name}:{c.Policy}"),
            Is.EqualTo(new[] { "PREROUTING:Accept", "INPUT:Accept", "OUTPUT:Accept", "POSTROUTING:Drop", "zeta:", "alpha:" }));
    }

    [Test]
    public void A_table_with_nothing_said_about_it_is_left_out_as_the_dsl_leaves_it_out()
    {
        var policy = Parse("policy p\ntable mangle {\n chain INPUT {\n }\n}\nallow iif lo\n");
        Assert.That(policy.Tables.Select(t => t.Kind), Is.EqualTo(new[] { TableKind.Filter }));
    }

    [Test]
    public void Blocks_written_twice_and_allow_lines_add_to_the_same_chain_in_file_order()
    {
        var policy = Parse("policy p\nallow iif a\ntable filter {\n chain INPUT {\n  iif b accept\n }\n}\nallow iif c\ntable filter {\n chain INPUT {\n  iif d drop\n }\n}\n");
        Assert.That(Input(policy).Select(r => ((InterfaceMatch)r.Matches[0]).Name), Is.EqualTo(new[] { "a", "b", "c", "d" }));
        Assert.That(Input(policy).Select(r => r.Target.Name), Is.EqualTo(new[] { "ACCEPT", "ACCEPT", "ACCEPT", "DROP" }));
    }

    [Test]
    public void An_address_list_makes_one_rule_per_address_and_two_lists_one_rule_per_same_family_pair()
    {
        var policy = Parse(
            "policy p\ndefine a = { 10.0.0.0/8, 2001:db8::/32, 192.168.0.0/16 }\ndefine b = { 2001:db8:1::1, 10.1.1.1 }\n" +
            "allow tcp dport { 22, 80-90 } saddr $a\nallow saddr $a daddr $b\n");
        var rules = Input(policy);
        Assert.That(rules.Take(3).Select(r => ((AddressMatch)r.Matches[2]).Address), Is.EqualTo(new[] { "10.0.0.0/8", "2001:db8::/32", "192.168.0.0/16" }));
        Assert.That(((PortMatch)rules[0].Matches[1]).Ports, Is.EqualTo(new[] { new PortSpan(22, 22), new PortSpan(80, 90) }));
        Assert.That(rules.Skip(3).Select(r => ((AddressMatch)r.Matches[0]).Address + " " + ((AddressMatch)r.Matches[1]).Address),
            Is.EqualTo(new[] { "10.0.0.0/8 10.1.1.1", "2001:db8::/32 2001:db8:1::1", "192.168.0.0/16 10.1.1.1" }));
    }

    [Test]
    public void Intents_are_the_records_the_policy_builder_makes()
    {
        var policy = Parse(
            "policy p\nredirect tcp port 80 to 8080 iif eth0\nforward udp port 53 iif wan0 to [2001:db8::5]:5353\nmasquerade oif wan0 saddr 10.0.0.0/24\n" +
            "service default/web tcp 10.96.0.10:80 endpoints { 10.0.0.1:8080 }\ncluster cidr 10.244.0.0/16\ncluster masquerade-bit 13\n");
        var at = SourceLocation.None;
        var intents = policy.Intents.Select(i => i with { Location = at }).ToArray();
        Assert.That(intents[0], Is.EqualTo(new PortRedirectIntent(Protocol.Tcp, 80, 8080, "eth0", at)));
        Assert.That(intents[1], Is.EqualTo(new PortForwardIntent(Protocol.Udp, "wan0", 53, "2001:db8::5", 5353, at)));
        Assert.That(intents[2], Is.EqualTo(new MasqueradeIntent("wan0", "10.0.0.0/24", at)));
        var service = (ServiceIntent)intents[3];
        Assert.That((service.Namespace, service.Name, service.PortName, service.ClusterIp, service.Port, service.NodePort),
            Is.EqualTo(("default", "web", "", "10.96.0.10", 80, (int?)null)));
        Assert.That(service.Endpoints, Is.EqualTo(new[] { new ServiceEndpoint("10.0.0.1", 8080) }));
        Assert.That(policy.Cluster, Is.EqualTo(new ClusterSettings(13, "10.244.0.0/16")));
        Assert.That(policy.Intents[0].Location, Is.EqualTo(new SourceLocation("main.rl", 2, 1)));
    }

    [Test]
    public void Words_shared_by_a_match_and_an_action_are_told_apart()
    {
        var policy = Parse("policy p\ntable mangle {\n chain INPUT {\n  mark 0x1/0xff mark set 0x2\n  proto all random 0.25 connmark save\n }\n}\n");
        var rules = policy.FindTable(TableKind.Mangle)!.FindChain("INPUT")!.Rules;
        Assert.That(rules[0].Matches.Single(), Is.EqualTo(new MarkMatch(1, 0xff)));
        Assert.That(rules[0].Target, Is.EqualTo(new MarkTarget(2)));
        Assert.That(rules[1].Matches.Single(), Is.EqualTo(new RandomMatch(0.25)), "proto all adds no match, as the DSL's Protocol.All");
        Assert.That(rules[1].Target, Is.EqualTo(new ConnmarkTarget(ConnmarkMode.Save)));
    }

    [Test]
    public void Definitions_and_included_files_are_listed_and_a_file_is_read_once()
    {
        var sources = new MemorySources(new Dictionary<string, string>
        {
            ["lib/a.rl"] = "include \"c.rl\"\ndefine web = { 80, 443 }\n",
            ["lib/b.rl"] = "policy ignored\ninclude \"c.rl\"\n",
            ["lib/c.rl"] = "define office = 192.168.1.0/24\n",
        });
        var result = RlParser.Parse("policy p\ninclude \"lib/a.rl\"\ninclude \"lib/b.rl\"\ndefine here = 10.0.0.1\n", "main.rl", sources);
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Policy!.Name, Is.EqualTo("p"));
        Assert.That(result.IncludedFiles, Is.EqualTo(new[] { "lib/a.rl", "lib/c.rl", "lib/b.rl" }));
        Assert.That(sources.Reads.Count(r => r == "lib/c.rl"), Is.EqualTo(1));
        Assert.That(result.Definitions.Select(d => $"{d.Name} {d.Kind} {d.Location}"),
            Is.EqualTo(new[] { "office Addresses lib/c.rl(1,8)", "web Ports lib/a.rl(2,8)", "here Addresses main.rl(4,8)" }));
        Assert.That(result.Definitions[1].Ports, Is.EqualTo(new[] { PortSpan.Single(80), PortSpan.Single(443) }));
    }

    [Test]
    public void Without_a_resolver_an_include_is_reported_not_thrown()
    {
        var result = RlParser.Parse("policy p\ninclude \"x.rl\"\n", "main.rl");
        Assert.That(result.Policy, Is.Null);
        Assert.That(result.Diagnostics.Select(d => $"{d.Id} {d.Location.Line}:{d.Location.Column}"), Is.EqualTo(new[] { "RL0410 2:9" }));
    }

    [Test]
    public void A_bare_allow_accepts_everything_into_filter_input()
    {
        var rule = Input(Parse("policy p\nallow\n")).Single();
        Assert.That(rule.Matches, Is.Empty);
        Assert.That(rule.Target, Is.EqualTo(VerdictTarget.Accept));
    }

    [Test]
    public void The_policy_is_null_when_parsing_reported_an_error_but_not_for_a_clean_file()
    {
        Assert.That(RlParser.Parse("policy p\nallow iif lo\n", "x.rl").Policy, Is.Not.Null);
        Assert.That(RlParser.Parse("policy p\nallow iif lo\nallow nonsense\n", "x.rl").Policy, Is.Null);
    }
}
