using System.Linq;
using NUnit.Framework;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Tests.Import;

/// <summary>The dump importer reads a file as iptables-restore 1.8 applies it (checked with the real binary in a namespace).</summary>
public class DumpStructureTests
{
    private const string Builtins = ":INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";

    [Test]
    public void Restore_commands_act_as_iptables_restore_applies_them()
    {
        string dump = "*filter\n" + Builtins + ":OLD - [0:0]\n-N X\n-P INPUT DROP\n-A X -s 10.0.0.1 -j ACCEPT\n-A X -s 10.0.0.2 -j ACCEPT\n"
            + "-I X 2 -s 10.0.0.3 -j ACCEPT\n-I X -s 10.0.0.4 -j ACCEPT\n-A INPUT -j DROP\n-F INPUT\n-X OLD\n-Z\n[5:300] -A INPUT -j X\nCOMMIT\n";
        var imported = ImportPipeline.Import(dump, "r.rules", IpFamily.IPv4);

        Assert.That(imported.Diagnostics, Is.Empty, () => string.Join("\n", imported.Diagnostics));
        string emitted = ImportPipeline.Emit(imported.Policy, IpFamily.IPv4);
        Assert.That(ImportPipeline.NormalLines(emitted), Is.EqualTo(new[]
        {
            "*filter", ":INPUT DROP", ":FORWARD ACCEPT", ":OUTPUT ACCEPT", ":X -",
            "-A INPUT -j X", "-A X -s 10.0.0.4/32 -j ACCEPT", "-A X -s 10.0.0.1/32 -j ACCEPT", "-A X -s 10.0.0.3/32 -j ACCEPT",
            "-A X -s 10.0.0.2/32 -j ACCEPT", "COMMIT",
        }));
    }

    [TestCase("*filter\n-A NOPE -j ACCEPT\nCOMMIT\n", "RL0208@2,1", TestName = "A rule for an undeclared chain")]
    [TestCase("*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\n", "RL0208@1,1", TestName = "A table without COMMIT")]
    [TestCase("-A INPUT -j ACCEPT\n*filter\nCOMMIT\n", "RL0208@1,1", TestName = "A rule before any table")]
    [TestCase("*filter\n-t nat -A INPUT -j ACCEPT\nCOMMIT\n", "RL0208@2,1", TestName = "A -t in a rule line")]
    [TestCase("*filter\n:INPUT RETURN [0:0]\nCOMMIT\n", "RL0208@2,8", TestName = "A policy that is not ACCEPT or DROP")]
    [TestCase("*filter\n:X - [0:0]\n-I X 3 -j ACCEPT\nCOMMIT\n", "RL0208@3,1", TestName = "An insert past the end")]
    [TestCase("*filter\n:X - [0:0]\n-N X\nCOMMIT\n", "RL0208@3,1", TestName = "A chain created twice")]
    [TestCase("*filter\n-X NOPE\nCOMMIT\n", "RL0208@2,1", TestName = "Deleting a missing chain")]
    [TestCase("*filter\n-P X DROP\nCOMMIT\n", "RL0208@2,1", TestName = "A policy on a chain that is not built in")]
    [TestCase("*filter\n-D INPUT 1\nCOMMIT\n", "RL0207@2,1", TestName = "A delete command")]
    [TestCase("*filter\n[1:2] -A INPUT -m time --weekdays Sat -j DROP\nCOMMIT\n", "RL0201@2,19", TestName = "Columns count from the line start past the counters")]
    [TestCase("*bogus\n-A INPUT -j ACCEPT\nCOMMIT\n*filter\nCOMMIT\n", "RL0208@1,2", TestName = "An unknown table")]
    public void Structure_errors_are_reported_at_their_line_and_the_rest_still_imports(string dump, string expected)
    {
        var imported = ImportPipeline.Import(dump, "r.rules", IpFamily.IPv4);

        Assert.That(imported.Diagnostics.Select(d => $"{d.Id}@{d.Location.Line},{d.Location.Column}"), Is.EqualTo(new[] { expected }));
        Assert.That(imported.Policy, Is.Not.Null);
    }

    [Test]
    public void Lines_that_are_not_imported_are_listed_with_their_table_and_chain()
    {
        var imported = ImportPipeline.Import("*filter\n" + Builtins + "-A INPUT -i lo -j ACCEPT\n-A INPUT -m socket -j ACCEPT\n-A INPUT -j DROP\nCOMMIT\n", "r.rules", IpFamily.IPv4);

        var line = imported.Unimported.Single();
        Assert.That((line.Location.Line, line.Table, line.Chain, line.Text), Is.EqualTo((6, (TableKind?)TableKind.Filter, "INPUT", "-A INPUT -m socket -j ACCEPT")));
        Assert.That(imported.Policy.FindTable(TableKind.Filter)!.FindChain("INPUT")!.Rules, Has.Count.EqualTo(2));
        Assert.That(imported.Policy.FindTable(TableKind.Filter)!.FindChain("INPUT")!.Policy, Is.EqualTo(Verdict.Accept));
    }
}
