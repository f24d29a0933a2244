using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.Tests.Import;

/// <summary>Import, compile and emit, and the normal form two saves are compared in.</summary>
internal static class ImportPipeline
{
    public static RulesetFormat FormatOf(IpFamily family) => family == IpFamily.IPv4 ? RulesetFormat.Iptables : RulesetFormat.Ip6tables;

    /// <summary>The emitted ruleset of one family; fails the test with the diagnostics when there is none.</summary>
    public static string Emit(Policy policy, IpFamily family)
    {
        var result = PolicyCompiler.Compile(policy, new[] { FormatOf(family) });
        var ruleset = result.Rulesets.SingleOrDefault(r => r.Format == FormatOf(family));
        Assert.That(ruleset, Is.Not.Null, () => "nothing emitted:\n" + string.Join("\n", result.Diagnostics));
        return ruleset!.Text;
    }

    /// <summary>Lowering and the back end without the checker, for dumps the checker has an opinion about.</summary>
    public static string Render(Policy policy, IpFamily family) =>
        RuleLang.Backends.Iptables.IptablesBackend.Render(
            RuleLang.Lowering.FamilyProjection.Project(RuleLang.Lowering.PolicyLowering.Lower(policy), family), family);

    public static DumpImportResult Import(string text, string path, IpFamily family, string name = "imported") =>
        IptablesDumpImporter.Import(new DumpSource(text, path, family), name);

    /// <summary>
    /// What two saves are compared by: table lines, chain declarations with their policies and rule lines, without
    /// counters, comments and blank lines.
    /// </summary>
    public static IReadOnlyList<string> NormalLines(string dump)
    {
        var lines = new List<string>();
        foreach (string raw in dump.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            if (line[0] == '[')
            {
                line = line.Substring(line.IndexOf(']', StringComparison.Ordinal) + 1).TrimStart();
            }
            if (line[0] == ':')
            {
                int counters = line.LastIndexOf(" [", StringComparison.Ordinal);
                line = counters > 0 ? line.Substring(0, counters) : line;
            }
            lines.Add(line);
        }
        return lines;
    }
}
