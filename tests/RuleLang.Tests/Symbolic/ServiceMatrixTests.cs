using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Symbolic;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Symbolic;

public class ServiceMatrixTests
{
    private static PolicyAnalysis Analysis(params Chain[] chains) =>
        new(PolicyLowering.Lower(Policy("p", Table(TableKind.Filter, chains))), families: new[] { IpFamily.IPv4 });

    [Test]
    public void A_hook_matrix_has_one_row_per_class_with_its_verdict_and_rule()
    {
        var analysis = Analysis(Builtin(Hook.Input, Verdict.Drop,
            Rule(1, Accept, In("lo")),
            Rule(2, Accept, Proto(Protocol.Tcp), Dport(22), Src("192.168.1.0/24")),
            Rule(3, Accept, Proto(Protocol.Tcp), Dport(80, 443))));
        string table = ServiceMatrix.Render(ServiceMatrix.ForHook(analysis, Hook.Input, new AnalysisBudget()));
        Assert.That(table, Is.EqualTo(
            "protocol  source           destination  ports         also     verdict  rule\n" +
            "any       any              any          -             iif lo   ACCEPT   filter INPUT rule 1 (test.cs(1,1))\n" +
            "tcp       192.168.1.0/24   any          22            iif !lo  ACCEPT   filter INPUT rule 2 (test.cs(2,1))\n" +
            "tcp       any              any          {80,443}      iif !lo  ACCEPT   filter INPUT rule 3 (test.cs(3,1))\n" +
            "!tcp      any              any          -             iif !lo  DROP     filter INPUT policy\n" +
            "tcp       !192.168.1.0/24  any          !{80,443}     iif !lo  DROP     filter INPUT policy\n" +
            "tcp       192.168.1.0/24   any          !{22,80,443}  iif !lo  DROP     filter INPUT policy\n"));
    }

    [Test]
    public void A_chain_matrix_follows_jumps_and_shows_returns_as_the_policy()
    {
        var analysis = Analysis(
            Builtin(Hook.Input, Verdict.Accept, Rule(1, Jump("BLOCK"), Proto(Protocol.Udp))),
            User("BLOCK", Rule(2, Return, Src("10.0.0.0/8")), Rule(3, Drop)));
        var rows = ServiceMatrix.ForChain(analysis, TableKind.Filter, "INPUT", new AnalysisBudget());
        Assert.That(rows.Select(r => (r.Region.ToString(), r.Verdict, r.Decider.Place)), Is.EquivalentTo(new[]
        {
            ("udp !10.0.0.0/8 -> any dport any", "DROP", "filter BLOCK rule 2"),
            ("udp 10.0.0.0/8 -> any dport any", "ACCEPT", "filter INPUT policy"),
            ("!udp any -> any", "ACCEPT", "filter INPUT policy"),
        }));
    }
}
