using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Model.Assertions;
using RuleLang.Model.Matches;
using RuleLang.Text;

namespace RuleLang.Tests.Symbolic;

public class RlAssertionTests
{
    private const string Host = @"policy host
table filter {
    chain INPUT policy drop {
        iif lo accept
        tcp saddr 203.0.113.0/24 accept
        tcp dport 22 saddr 192.168.1.0/24 accept
    }
}
";

    [Test]
    public void An_assert_line_becomes_an_assertion_at_its_line()
    {
        var parsed = RlParser.Parse(Host + "assert \"ssh only from office\" tcp dport 22 saddr != 192.168.1.0/24 iif != lo dropped\n", "host.rl");
        Assert.That(parsed.Diagnostics, Is.Empty, string.Join("\n", parsed.Diagnostics));
        var assertion = parsed.Policy!.Assertions.Single();
        Assert.That((assertion.Name, assertion.Kind, assertion.Location.Line, assertion.Location.Column), Is.EqualTo(("ssh only from office", AssertionKind.Dropped, 9, 1)));
        Assert.That(assertion.Packets.Select(m => m.GetType().Name), Is.EqualTo(new[] { "ProtocolMatch", "PortMatch", "AddressMatch", "InterfaceMatch" }));
        Assert.That(((AddressMatch)assertion.Packets[2]).Negated, Is.True);
    }

    [Test]
    public void Targets_and_ports_are_read()
    {
        var parsed = RlParser.Parse(Host + "assert \"a\" tcp reaches only { 10.0.0.1:80, 10.0.0.2, [2001:db8::1]:443 }\nassert \"b\" tcp never reaches port 3306\n", "host.rl");
        Assert.That(parsed.Diagnostics, Is.Empty, string.Join("\n", parsed.Diagnostics));
        Assert.That(parsed.Policy!.Assertions[0].Endpoints, Is.EqualTo(new[] { "10.0.0.1:80", "10.0.0.2", "[2001:db8::1]:443" }));
        Assert.That((parsed.Policy.Assertions[1].Kind, parsed.Policy.Assertions[1].Port), Is.EqualTo((AssertionKind.NeverReaches, (int?)3306)));
    }

    [Test]
    public void A_failing_assertion_is_a_build_error_at_the_assert_line_naming_the_rule_that_lets_the_packet_through()
    {
        var parsed = RlParser.Parse(Host + "assert \"ssh only from office\" tcp dport 22 saddr != 192.168.1.0/24 iif != lo dropped\n", "host.rl");
        var compiled = PolicyCompiler.Compile(parsed.Policy!);
        Assert.That(compiled.Succeeded, Is.False);
        Assert.That(compiled.Rulesets, Is.Empty);
        Assert.That(compiled.Diagnostics.Single(d => d.IsError).ToString(), Is.EqualTo(
            "host.rl(9,1): error RL1207: assertion \"ssh only from office\" does not hold: tcp 203.0.113.5:40000 -> 198.51.100.10:22 iif eth0 is accepted by filter INPUT rule 2 (host.rl(5,9))"));
    }

    [Test]
    public void An_assertion_that_names_a_random_match_is_not_proved_but_reported()
    {
        var parsed = RlParser.Parse(Host + "assert \"coin\" tcp random 0.5 dropped\n", "host.rl");
        Assert.That(parsed.Diagnostics, Is.Empty, string.Join("\n", parsed.Diagnostics));
        var diagnostic = PolicyCompiler.Compile(parsed.Policy!).Diagnostics.Single(d => d.Id == "RL1208");
        Assert.That(diagnostic.Message, Does.Contain("it names a random match, which depends on more than the packet"));
        Assert.That(diagnostic.Location.Line, Is.EqualTo(9));
    }
}
