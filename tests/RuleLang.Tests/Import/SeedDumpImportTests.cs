using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Iptables;
using RuleLang.Checker;
using RuleLang.Lowering;
using RuleLang.Model.Netfilter;
using RuleLang.Testing;

namespace RuleLang.Tests.Import;

/// <summary>
/// A kube-proxy + Cilium + Docker node's iptables-save -c output (Dumps/kube-node.rules): exactly the lines the
/// model cannot hold are reported, and every other line comes back from the back end as the dump has it.
/// </summary>
public class SeedDumpImportTests
{
    private static readonly string DumpPath = Path.Combine(RepoPaths.Root, "tests", "RuleLang.Tests", "Import", "Dumps", "kube-node.rules");

    [Test]
    public void Exactly_the_uncovered_lines_are_reported_and_every_other_line_round_trips()
    {
        string dump = File.ReadAllText(DumpPath);
        var lines = dump.Split('\n');
        int LineOf(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;

        var imported = ImportPipeline.Import(dump, DumpPath, IpFamily.IPv4, "kube-node");

        var expectedErrors = new[]
        {
            ("RL0201", LineOf("-m socket")), ("RL0202", LineOf("-j TPROXY")),
        };
        Assert.That(imported.Diagnostics.Where(d => d.IsError).Select(d => (d.Id, d.Location.Line)), Is.EqualTo(expectedErrors));
        Assert.That(imported.Unimported.Select(u => u.Location.Line), Is.EqualTo(expectedErrors.Select(e => e.Item2)));
        // kube-proxy's bare "-m tcp" is imported without the module, and said so.
        Assert.That(imported.Diagnostics.Where(d => !d.IsError).Select(d => (d.Id, d.Location.Line)), Is.EqualTo(new[] { ("RL0211", LineOf("-m tcp -j DNAT")) }));

        // The back end straight after lowering: the checker's opinion is asserted separately below.
        string emitted = IptablesBackend.Render(FamilyProjection.Project(PolicyLowering.Lower(imported.Policy), IpFamily.IPv4), IpFamily.IPv4);
        var reported = expectedErrors.Select(e => ImportPipeline.NormalLines(lines[e.Item2 - 1]).Single()).ToHashSet();
        var expected = ImportPipeline.NormalLines(dump).Where(l => !reported.Contains(l)).Select(l => l.Replace(" -m tcp -j DNAT", " -j DNAT", StringComparison.Ordinal));
        Assert.That(ImportPipeline.NormalLines(emitted), Is.EqualTo(expected));
    }

    /// <summary>
    /// Docker's nat DOCKER chain is reached from PREROUTING and OUTPUT, and starts with "-i docker0 -j RETURN": the
    /// kernel takes it, and the rule matches on the PREROUTING path, so the checker must not refuse it (it did once).
    /// </summary>
    [Test]
    public void The_checker_accepts_dockers_input_interface_in_a_chain_reached_from_prerouting_and_output()
    {
        string dump = File.ReadAllText(DumpPath);
        var imported = ImportPipeline.Import(dump, DumpPath, IpFamily.IPv4, "kube-node");
        var lowered = PolicyLowering.Lower(imported.Policy);
        var errors = PolicyChecker.CheckDefinition(imported.Policy).Concat(PolicyChecker.CheckTables(lowered)).Where(d => d.IsError).ToArray();

        Assert.That(dump, Does.Contain("-A DOCKER -i docker0 -j RETURN"));
        Assert.That(errors, Is.Empty);
    }
}
