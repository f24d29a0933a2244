using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Lockout;
using RuleLang.Analysis.Symbolic;
using RuleLang.Model;
using RuleLang.Text;

namespace RuleLang.Tests.Lockout;

public class LockoutProofTests
{
    private static Policy Rl(string body)
    {
        var parsed = RlParser.Parse("policy host\n" + body, "host.rl");
        Assert.That(parsed.Diagnostics, Is.Empty, string.Join("\n", parsed.Diagnostics));
        return parsed.Policy!;
    }

    private static KeptFlow Keep(string text)
    {
        Assert.That(KeptFlow.TryParse(text, out var flow, out string error), Is.True, error);
        return flow;
    }

    private static KeptFlow Conntrack(string text) => Keep(text) with { IsSession = false };

    private const string Stateful = @"table filter {
    chain INPUT policy drop {
        iif lo accept
        state established,related accept
        tcp dport 22 accept
    }
}
";

    [Test]
    public void A_policy_that_accepts_established_and_ssh_keeps_the_session()
    {
        var verdict = LockoutProof.Check(Rl(Stateful), new[] { Keep("tcp 10.0.0.5 -> 10.0.0.1:22") });
        Assert.That((verdict.Kept, verdict.Failures.Count, verdict.Warnings.Count, verdict.Checked.Count), Is.EqualTo((true, 0, 0, 1)));
    }

    [Test]
    public void Ssh_from_another_subnet_only_is_cut_by_the_chain_policy()
    {
        var policy = Rl(@"table filter {
    chain INPUT policy drop {
        iif lo accept
        tcp saddr 192.168.50.0/24 dport 22 accept
    }
}
");
        var verdict = LockoutProof.Check(policy, new[] { Keep("tcp 10.0.0.5:51234 -> 10.0.0.1:22") });
        Assert.That(verdict.Kept, Is.False);
        var arriving = verdict.Failures.Single(f => f.Path == LockoutPath.Arriving);
        Assert.That((arriving.Rule.Place, arriving.Verdict, arriving.Certain), Is.EqualTo(("filter INPUT policy", FinalVerdict.Drop, true)));
        Assert.That(arriving.Counterexample, Does.StartWith("tcp 10.0.0.5:51234 -> 10.0.0.1:22 iif ").And.EndWith(" state established"));
        Assert.That(verdict.Failures.Select(f => f.Path), Is.EquivalentTo(new[] { LockoutPath.Arriving, LockoutPath.NewConnection }));
    }

    [Test]
    public void An_explicit_drop_rule_is_named_with_its_line()
    {
        var policy = Rl(@"table filter {
    chain INPUT {
        tcp saddr 10.0.0.0/24 dport 22 drop
    }
}
");
        var failure = LockoutProof.Check(policy, new[] { Conntrack("tcp 10.0.0.5:51234 -> 10.0.0.1:22") }).Failures.Single();
        Assert.That((failure.Path, failure.Rule.Place, failure.Rule.Location.Line, failure.Fate), Is.EqualTo((LockoutPath.Arriving, "filter INPUT rule 1", 4, "dropped")));
    }

    [Test]
    public void Replies_dropped_in_output_cut_the_connection()
    {
        var policy = Rl(@"table filter {
    chain INPUT {
    }
    chain OUTPUT policy drop {
        oif lo accept
    }
}
");
        var failure = LockoutProof.Check(policy, new[] { Conntrack("tcp 10.0.0.5:51234 -> 10.0.0.1:22") }).Failures.Single();
        Assert.That((failure.Path, failure.Rule.Place), Is.EqualTo((LockoutPath.Replies, "filter OUTPUT policy")));
        Assert.That(failure.Counterexample, Does.StartWith("tcp 10.0.0.1:22 -> 10.0.0.5:51234 from local oif ").And.EndWith(" state established"));
    }

    [Test]
    public void Ssh_dnatted_away_keeps_the_session_but_loses_the_next_login()
    {
        // conntrack keeps the live connection's (absent) NAT; only a new connection meets the DNAT rule.
        var policy = Rl("forward tcp port 22 to 10.9.9.9:22\n");
        var verdict = LockoutProof.Check(policy, new[] { Keep("tcp 10.0.0.5 -> 10.0.0.1:22") });
        var failure = verdict.Failures.Single();
        Assert.That((failure.Path, failure.Delivery, failure.Fate), Is.EqualTo((LockoutPath.NewConnection, Delivery.Forwarded, "forwarded to another host (DNAT)")));
        Assert.That(failure.Counterexample, Does.EndWith("state new"));
    }

    [Test]
    public void A_conntrack_flow_is_not_asked_for_a_new_connection()
    {
        var policy = Rl("forward tcp port 22 to 10.9.9.9:22\n");
        Assert.That(LockoutProof.Check(policy, new[] { Conntrack("tcp 10.0.0.5:51234 -> 10.0.0.1:22") }).Kept, Is.True);
    }

    [Test]
    public void An_ipv6_flow_is_proved_on_the_ipv6_ruleset()
    {
        var policy = Rl(@"table filter {
    chain INPUT policy drop {
        saddr 10.0.0.0/8 accept
    }
}
");
        var verdict = LockoutProof.Check(policy, new[] { Keep("tcp [2001:db8::5]:40000 -> [2001:db8::1]:22"), Keep("tcp 10.0.0.5:40000 -> 10.0.0.1:22") });
        var failure = verdict.Failures.Single(f => f.Path == LockoutPath.Arriving);
        Assert.That((failure.Flow.Family, failure.Rule.Place), Is.EqualTo((Model.Netfilter.IpFamily.IPv6, "filter INPUT policy")));
        Assert.That(failure.Counterexample, Does.StartWith("tcp [2001:db8::5]:40000 -> [2001:db8::1]:22 iif "));
    }

    [Test]
    public void A_rate_limited_new_session_is_a_warning_not_a_failure()
    {
        var policy = Rl(@"table filter {
    chain INPUT policy drop {
        state established,related accept
        tcp dport 22 limit 3/minute accept
    }
}
");
        var verdict = LockoutProof.Check(policy, new[] { Keep("tcp 10.0.0.5 -> 10.0.0.1:22") });
        Assert.That((verdict.Kept, verdict.Warnings.Single().Path, verdict.Warnings.Single().Certain), Is.EqualTo((true, LockoutPath.NewConnection, false)));
    }
}
