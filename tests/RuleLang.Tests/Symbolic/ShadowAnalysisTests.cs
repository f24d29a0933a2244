using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Symbolic;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Symbolic;

public class ShadowAnalysisTests
{
    private static ShadowedRule[] Shadowed(params Chain[] chains) =>
        ShadowAnalysis.Find(new PolicyAnalysis(Policy("p", Table(TableKind.Filter, chains))), new AnalysisBudget()).ToArray();

    [Test]
    public void Two_earlier_rules_together_cover_a_later_one_that_neither_covers_alone()
    {
        var shadowed = Shadowed(Builtin(Hook.Input, Verdict.Accept,
            Rule(1, Drop, Proto(Protocol.Tcp), Dport(22), Src("10.0.0.0/9")),
            Rule(2, Accept, Proto(Protocol.Tcp), Dport(22), Src("10.128.0.0/9")),
            Rule(3, new RuleLang.Model.Targets.RejectTarget(), Proto(Protocol.Tcp), Dport(22), Src("10.0.0.0/8"))));
        Assert.That(shadowed.Select(s => s.Rule.Position), Is.EqualTo(new[] { 3 }));
        Assert.That(shadowed[0].CoveredBy.Select(r => r.Position), Is.EqualTo(new[] { 1, 2 }));

        var onlyOne = Shadowed(Builtin(Hook.Input, Verdict.Accept,
            Rule(1, Drop, Proto(Protocol.Tcp), Dport(22), Src("10.0.0.0/9")),
            Rule(3, new RuleLang.Model.Targets.RejectTarget(), Proto(Protocol.Tcp), Dport(22), Src("10.0.0.0/8"))));
        Assert.That(onlyOne, Is.Empty, "half of 10.0.0.0/8 still reaches the rule");
    }

    [Test]
    public void Port_lists_and_protocols_combine_across_rules()
    {
        var shadowed = Shadowed(Builtin(Hook.Input, Verdict.Accept,
            Rule(1, Accept, Proto(Protocol.Tcp), DportRange(1, 1023)),
            Rule(2, Drop, Proto(Protocol.Tcp), DportRange(1024, 65535)),
            Rule(3, Drop, Proto(Protocol.Tcp), Dport(0)),
            Rule(4, Accept, Proto(Protocol.Tcp), Dport(8080), In("eth0"))));
        Assert.That(shadowed.Single().Rule.Position, Is.EqualTo(4));
        Assert.That(shadowed.Single().CoveredBy.Select(r => r.Position), Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void A_return_in_the_jumped_to_chain_leaves_the_later_rule_reachable()
    {
        var withReturn = Shadowed(
            Builtin(Hook.Input, Verdict.Accept, Rule(1, Jump("CHECK"), Proto(Protocol.Tcp), Dport(22)), Rule(2, Accept, Proto(Protocol.Tcp), Dport(22))),
            User("CHECK", Rule(3, Return, Src("10.0.0.0/8")), Rule(4, Drop)));
        Assert.That(withReturn, Is.Empty);

        var withoutReturn = Shadowed(
            Builtin(Hook.Input, Verdict.Accept, Rule(1, Jump("CHECK"), Proto(Protocol.Tcp), Dport(22)), Rule(2, Accept, Proto(Protocol.Tcp), Dport(22))),
            User("CHECK", Rule(3, Accept, Src("10.0.0.0/8")), Rule(4, Drop)));
        Assert.That(withoutReturn.Single().Rule.Position, Is.EqualTo(2));
        Assert.That(withoutReturn.Single().CoveredBy.Single().Position, Is.EqualTo(1), "the jump whose chain decides everything it gets");
    }

    [Test]
    public void Rules_in_a_user_chain_are_judged_by_what_the_jumps_let_in()
    {
        var shadowed = Shadowed(
            Builtin(Hook.Input, Verdict.Accept, Rule(1, Jump("WEB"), Proto(Protocol.Tcp), Dport(80, 443))),
            User("WEB", Rule(2, Accept, Dport(80)), Rule(3, Drop, Proto(Protocol.Tcp), Dport(443)), Rule(4, Accept, Proto(Protocol.Tcp))));
        Assert.That((shadowed.Single().Rule.Chain, shadowed.Single().Rule.Location.Line), Is.EqualTo(("WEB", 4)));
        Assert.That(shadowed.Single().CoveredBy.Select(r => r.Location.Line), Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void A_random_match_covers_nothing_and_a_rule_behind_an_unconditional_one_is_left_to_RL1204()
    {
        var shadowed = Shadowed(Builtin(Hook.Input, Verdict.Accept,
            Rule(1, Drop, Proto(Protocol.Tcp), new RuleLang.Model.Matches.RandomMatch(0.5)),
            Rule(2, Accept, Proto(Protocol.Tcp)),
            Rule(3, Drop),
            Rule(4, Accept, Proto(Protocol.Udp))));
        Assert.That(shadowed, Is.Empty);
    }

    [Test]
    public void The_warning_is_at_the_rule_and_names_the_covering_rules()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Accept,
            Rule(1, Drop, Proto(Protocol.Tcp), Dport(22), Src("10.0.0.0/9")),
            Rule(2, Accept, Proto(Protocol.Tcp), Dport(22), Src("10.128.0.0/9")),
            Rule(3, new RuleLang.Model.Targets.RejectTarget(), Proto(Protocol.Tcp), Dport(22), Src("10.0.0.0/8")))));
        var diagnostic = ShadowDiagnostics.Check(policy).Single();
        Assert.That(diagnostic.ToString(), Is.EqualTo(
            "test.cs(3,1): warning RL1206: this rule can never match: every packet it matches in chain filter INPUT is already decided by rule 1 (test.cs(1,1)) and rule 2 (test.cs(2,1)); move it before them, narrow them, or remove it"));
    }
}
