using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.Model.Netfilter;
using RuleLang.Testing;

namespace RuleLang.Tests.Import;

/// <summary>Each example's committed rulesets, imported and emitted again, come back byte for byte.</summary>
public class ExampleImportRoundTripTests
{
    public static IEnumerable<TestCaseData> CommittedRulesets() =>
        Directory.GetFiles(RepoPaths.Examples, "*.ip*tables", SearchOption.AllDirectories)
            .Where(p => p.Contains($"{Path.DirectorySeparatorChar}rulesets{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => new TestCaseData(p).SetArgDisplayNames(Path.GetFileName(p)));

    [TestCaseSource(nameof(CommittedRulesets))]
    public void Import_then_emit_gives_the_same_bytes(string path)
    {
        var family = path.EndsWith(".ip6tables", StringComparison.Ordinal) ? IpFamily.IPv6 : IpFamily.IPv4;
        string text = File.ReadAllText(path);
        // Named as the example's policy, so that even the header line (which names the policy) is the same.
        var imported = ImportPipeline.Import(text, path, family, Path.GetFileNameWithoutExtension(path));

        Assert.That(imported.Diagnostics, Is.Empty, () => string.Join("\n", imported.Diagnostics));
        Assert.That(imported.Unimported, Is.Empty);
        Assert.That(ImportPipeline.Emit(imported.Policy, family), Is.EqualTo(text));
    }

    [Test]
    public void An_iptables_and_an_ip6tables_dump_merge_into_one_policy_that_emits_both_again()
    {
        foreach (string example in new[] { "Gateway", "WebServer" })
        {
            string folder = Path.Combine(RepoPaths.Examples, example, "rulesets");
            string v4Path = Directory.GetFiles(folder, "*.iptables").Single();
            string v6Path = Path.ChangeExtension(v4Path, ".ip6tables");
            string v4 = File.ReadAllText(v4Path), v6 = File.ReadAllText(v6Path);
            var merged = IptablesDumpImporter.Import(
                new[] { new DumpSource(v4, v4Path, IpFamily.IPv4), new DumpSource(v6, v6Path, IpFamily.IPv6) },
                Path.GetFileNameWithoutExtension(v4Path));

            Assert.That(merged.Diagnostics, Is.Empty, () => string.Join("\n", merged.Diagnostics));
            var result = PolicyCompiler.Compile(merged.Policy, PolicyCompiler.DefaultFormats);
            Assert.That(result.Rulesets.Select(r => r.Text), Is.EqualTo(new[] { v4, v6 }), example);
        }
    }

    [Test]
    public void A_neutral_rule_in_one_family_only_stays_in_that_family_and_policies_that_differ_are_reported()
    {
        const string v4 = "*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n-A INPUT -s 10.0.0.0/8 -j ACCEPT\nCOMMIT\n";
        const string v6 = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -s fd00::/8 -j ACCEPT\n-A INPUT -p udp -m udp --dport 53 -j ACCEPT\nCOMMIT\n";
        var merged = IptablesDumpImporter.Import(new[] { new DumpSource(v4, "h.rules", IpFamily.IPv4), new DumpSource(v6, "h.ip6tables", IpFamily.IPv6) }, "h");

        Assert.That(merged.Diagnostics.Select(d => $"{d.Id} {d.Location}"), Is.EqualTo(new[] { "RL0209 h.ip6tables(3,1)" }));
        var v4Lines = ImportPipeline.NormalLines(ImportPipeline.Emit(merged.Policy, IpFamily.IPv4));
        var v6Lines = ImportPipeline.NormalLines(ImportPipeline.Emit(merged.Policy, IpFamily.IPv6));
        Assert.That(v4Lines.Where(l => l.StartsWith("-A", StringComparison.Ordinal)), Is.EqualTo(ImportPipeline.NormalLines(v4).Where(l => l.StartsWith("-A", StringComparison.Ordinal))));
        Assert.That(v6Lines.Where(l => l.StartsWith("-A", StringComparison.Ordinal)), Is.EqualTo(ImportPipeline.NormalLines(v6).Where(l => l.StartsWith("-A", StringComparison.Ordinal))));
    }
}
