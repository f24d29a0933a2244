using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Trace;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Tests.Trace.TraceModel;

namespace RuleLang.Tests.Trace;

public class TargetTraceTests
{
    private const string Ssh = "tcp 192.168.1.5:40000 -> 10.0.0.2:22 iif eth0";
    private static readonly TraceOptions Local = new() { LocalAddresses = new[] { "10.0.0.2" } };

    [Test]
    public void Verdicts_reject_and_the_chain_policy()
    {
        TraceVerdict Run(params RuleLang.Model.Rule[] rules) =>
            Only(TraceOf(Policy(Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Accept, rules))), Ssh, Local)).Verdict;

        Assert.That(Run(Rule(VerdictTarget.Drop)), Is.EqualTo(TraceVerdict.Dropped));
        Assert.That(Run(Rule(new RejectTarget(RejectWith.TcpReset), Tcp)), Is.EqualTo(TraceVerdict.Rejected));
        Assert.That(Run(Rule(VerdictTarget.Accept), Rule(VerdictTarget.Drop)), Is.EqualTo(TraceVerdict.Accepted));
        Assert.That(Run(Rule(VerdictTarget.Return), Rule(VerdictTarget.Drop)), Is.EqualTo(TraceVerdict.Accepted), "RETURN from a built-in chain is its policy");
        Assert.That(Run(Rule(new LogTarget("seen: ")), Rule(NoTarget.Instance), Rule(VerdictTarget.Drop)), Is.EqualTo(TraceVerdict.Dropped), "LOG and a rule without target go on");
        var dropPolicy = TraceOf(Policy(Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Drop, Rule(VerdictTarget.Accept, Dport(80))))), Ssh, Local);
        Assert.That(Only(dropPolicy).Verdict, Is.EqualTo(TraceVerdict.Dropped));
        Assert.That(dropPolicy.Paths[0].Steps.Last().Kind, Is.EqualTo(TraceStepKind.Policy));
    }

    [Test]
    public void Jump_returns_and_goto_does_not()
    {
        var jump = Policy(Table(TableKind.Filter,
            Builtin(Hook.Input, Verdict.Accept, Rule(new JumpTarget("A")), Rule(VerdictTarget.Drop)),
            User("A", Rule(new LogTarget()), Rule(VerdictTarget.Return, Dport(22)), Rule(VerdictTarget.Accept))));
        var result = TraceOf(jump, Ssh, Local);
        Assert.That(Only(result).Verdict, Is.EqualTo(TraceVerdict.Dropped), "A returns at rule 2, then INPUT rule 2 drops");
        Assert.That(RuleSteps(result), Is.EqualTo(new[] { "filter INPUT #1", "filter A #1", "filter A #2", "filter INPUT #2" }));
        Assert.That(result.Paths[0].Steps.Where(s => s.Kind == TraceStepKind.Rule).Select(s => s.Depth), Is.EqualTo(new[] { 0, 1, 1, 0 }));

        var fallThrough = Policy(Table(TableKind.Filter,
            Builtin(Hook.Input, Verdict.Accept, Rule(new JumpTarget("A")), Rule(VerdictTarget.Drop)),
            User("A", Rule(VerdictTarget.Accept, Dport(80)))));
        Assert.That(Only(TraceOf(fallThrough, Ssh, Local)).Verdict, Is.EqualTo(TraceVerdict.Dropped), "the end of a user chain returns");

        var viaGoto = Policy(Table(TableKind.Filter,
            Builtin(Hook.Input, Verdict.Accept, Rule(new JumpTarget("A")), Rule(VerdictTarget.Drop)),
            User("A", Rule(new JumpTarget("B", IsGoto: true))),
            User("B", Rule(VerdictTarget.Accept, Dport(80)))));
        Assert.That(Only(TraceOf(viaGoto, Ssh, Local)).Verdict, Is.EqualTo(TraceVerdict.Dropped), "B returns past A to INPUT rule 2");

        var gotoFromBuiltin = Policy(Table(TableKind.Filter,
            Builtin(Hook.Input, Verdict.Drop, Rule(new JumpTarget("B", IsGoto: true)), Rule(VerdictTarget.Accept)),
            User("B", Rule(VerdictTarget.Accept, Dport(80)))));
        var ended = TraceOf(gotoFromBuiltin, Ssh, Local);
        Assert.That(Only(ended).Verdict, Is.EqualTo(TraceVerdict.Dropped), "the end of a chain reached by goto from INPUT is INPUT's policy");
        Assert.That(ended.Paths[0].Steps.Last().Action, Does.Contain("reached by goto"));
    }

    [Test]
    public void Dnat_snat_masquerade_and_redirect_rewrite_the_packet()
    {
        var dnat = Policy(Table(TableKind.Nat,
            Builtin(Hook.Prerouting, Rule(new DnatTarget("10.0.1.7", PortSpan.Single(8022)), Tcp, Dport(22))),
            Builtin(Hook.Postrouting, Rule(new SnatTarget("198.51.100.1"), new InterfaceMatch(InterfaceSide.Out, "wan0")))));
        var forwarded = Only(TraceOf(dnat, Ssh + " oif wan0", Local));
        Assert.That((forwarded.Verdict, forwarded.Delivery, forwarded.SourceText, forwarded.DestinationText),
            Is.EqualTo((TraceVerdict.Accepted, TraceDelivery.Forwarded, "198.51.100.1:40000", "10.0.1.7:8022")));

        var masquerade = Policy(Table(TableKind.Nat, Builtin(Hook.Postrouting, Rule(new MasqueradeTarget(RandomFully: true)))));
        var masqueraded = Only(TraceOf(masquerade, "tcp 10.0.0.5:40000 -> 203.0.113.9:443 iif lan0 oif wan0", Local));
        Assert.That((masqueraded.MasqueradeInterface, masqueraded.SourceText), Is.EqualTo(("wan0", "the address of wan0 (MASQUERADE)")));

        var redirect = Policy(
            Table(TableKind.Nat, Builtin(Hook.Prerouting, Rule(new RedirectTarget(PortSpan.Single(8080)), Tcp, Dport(80)))),
            Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Drop, Rule(VerdictTarget.Accept, Tcp, Dport(8080), new ConntrackMatch(ConntrackStates.Dnat)))));
        var redirected = Only(TraceOf(redirect, "tcp 192.168.1.5:40000 -> 10.0.0.2:80 iif eth0", Local));
        Assert.That((redirected.Verdict, redirected.Delivery, redirected.DestinationText), Is.EqualTo((TraceVerdict.Accepted, TraceDelivery.Local, "10.0.0.2:8080")));
    }

    [Test]
    public void Mark_connmark_notrack_and_dscp()
    {
        var policy = Policy(
            Table(TableKind.Raw, Builtin(Hook.Prerouting, Rule(NotrackTarget.Instance, new ProtocolMatch(Protocol.Udp)))),
            Table(TableKind.Mangle, Builtin(Hook.Prerouting,
                Rule(new MarkTarget(0x10, 0xf0)),
                Rule(new ConnmarkTarget(ConnmarkMode.Save)),
                Rule(new MarkTarget(0, 0xffffffff)),
                Rule(new ConnmarkTarget(ConnmarkMode.Restore)),
                Rule(new DscpTarget(0x2e)))),
            Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Drop,
                Rule(VerdictTarget.Accept, new ConntrackMatch(ConntrackStates.Untracked), new MarkMatch(0x10, 0xf0)))));
        var udp = TraceOf(policy, "udp 192.168.1.5:40000 -> 10.0.0.2:53 iif eth0 mark 0x3", Local);
        var outcome = Only(udp);
        Assert.That((outcome.Verdict, outcome.Mark), Is.EqualTo((TraceVerdict.Accepted, 0x13u)), "0x3 with 0x10 set in 0xf0, saved to the connection, cleared, restored");
        Assert.That(udp.Paths[0].Steps.Any(s => s.Chain == "conntrack" && s.Action.Contains("UNTRACKED")), Is.True);
        Assert.That(udp.Paths[0].Steps.Any(s => s.Action == "DSCP --set-dscp 0x2e"), Is.True);
        Assert.That(Only(TraceOf(policy, "tcp 192.168.1.5:40000 -> 10.0.0.2:53 iif eth0", Local)).Verdict, Is.EqualTo(TraceVerdict.Dropped), "tcp is tracked: NEW");
    }

    [Test]
    public void Steps_carry_the_rules_source_location_and_rule_number()
    {
        var policy = Policy(Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Drop,
            RuleAt(7, VerdictTarget.Accept, Dport(80)), RuleAt(9, VerdictTarget.Accept, Dport(22)))));
        var step = TraceOf(policy, Ssh, Local).Paths[0].Steps.Single(s => s.Kind == TraceStepKind.Rule);
        Assert.That((step.Hook, step.Table, step.Chain, step.RuleNumber, step.Location.File, step.Location.Line, step.Action),
            Is.EqualTo(((Hook?)Hook.Input, (TableKind?)TableKind.Filter, "INPUT", 2, "t.rl", 9, "ACCEPT")));
        Assert.That(TraceTextWriter.Line(step), Is.EqualTo("  filter INPUT  rule 2  t.rl(9)  ACCEPT"));
    }
}
