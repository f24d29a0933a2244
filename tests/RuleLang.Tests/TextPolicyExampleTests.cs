using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Examples.TextPolicies;
using RuleLang.Testing;

namespace RuleLang.Tests;

/// <summary>
/// examples/TextPolicies: the three examples written as .rl files emit exactly the bytes of their C# originals,
/// and every policy the project's registry lists (the .rl ones and the C# one that uses a .rl definition)
/// compiles to its committed rulesets.
/// </summary>
public class TextPolicyExampleTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Examples, "TextPolicies");

    private static string Rulesets => Path.Combine(Folder, "rulesets");

    private static readonly (string Policy, string CSharpExample)[] Translations =
    {
        ("web-server", "WebServer"), ("gateway", "Gateway"), ("cluster-node", "ClusterNode"),
    };

    public static IEnumerable<string> TranslatedPolicies => Translations.Select(t => t.Policy);

    [TestCaseSource(nameof(TranslatedPolicies))]
    public void A_rl_translation_commits_the_same_bytes_as_its_CSharp_original(string policy)
    {
        string original = Path.Combine(RepoPaths.Examples, Translations.Single(t => t.Policy == policy).CSharpExample, "rulesets");
        var names = Directory.GetFiles(original).Select(Path.GetFileName).Where(n => n!.StartsWith(policy + ".", StringComparison.Ordinal)).ToArray();
        Assert.That(names, Is.Not.Empty);
        Assert.That(Directory.GetFiles(Rulesets, policy + ".*").Select(Path.GetFileName), Is.EquivalentTo(names));
        foreach (string name in names!)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(Rulesets, name!)), Is.EqualTo(File.ReadAllBytes(Path.Combine(original, name!))), name);
        }
    }

    [Test]
    public void Every_registered_policy_compiles_to_its_committed_rulesets()
    {
        var definitions = Registered().ToArray();
        Assert.That(definitions.Select(d => d.Name), Is.EquivalentTo(new[] { "bastion", "cluster-node", "gateway", "legacy-host", "web-server" }));
        Assert.That(definitions.OfType<TextPolicyDefinition>().Select(d => Path.GetFileName(d.SourcePath)), Is.EquivalentTo(new[] { "cluster-node.rl", "gateway.rl", "legacy-host.rl", "web-server.rl" }));

        var emitted = new List<string>();
        foreach (var definition in definitions)
        {
            var result = PolicyCompiler.Compile(definition.Build(), ExampleGoldenTests.AllFormats);
            Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
            foreach (var ruleset in result.Rulesets)
            {
                Golden.Verify(ruleset.Text, Path.Combine(Rulesets, ruleset.FileName));
                emitted.Add(ruleset.FileName);
            }
        }
        var committed = Directory.GetFiles(Rulesets).Select(Path.GetFileName).Where(n => !n!.Contains(".received", StringComparison.Ordinal));
        Assert.That(committed, Is.EquivalentTo(emitted), "a committed ruleset no policy produces");
    }

    [Test]
    public void The_CSharp_policy_takes_the_office_from_the_rl_definition()
    {
        Assert.That(WebServerPolicy.Definitions.Office, Is.EqualTo(new[] { "192.168.1.0/24", "2001:db8:1::/64" }));
        var rules = new BastionPolicy().Build().Tables.Single().FindChain("INPUT")!.Rules;
        var sources = rules.SelectMany(r => r.Matches).OfType<Model.Matches.AddressMatch>().Select(m => m.Address);
        Assert.That(sources, Is.EqualTo(WebServerPolicy.Definitions.Office));
    }

    private static string LegacyDump => Path.Combine(Folder, "imported", "legacy-host.rules");

    /// <summary>
    /// policies/legacy-host.rl is what `rulelang import imported/legacy-host.rules --to rl --name legacy-host` writes:
    /// an existing firewall carried on in RuleLang. A change to the importer or the writer shows up here first.
    /// </summary>
    [Test]
    public void The_imported_policy_is_what_rulelang_import_writes_for_the_dump()
    {
        var imported = Import.ImportPipeline.Import(File.ReadAllText(LegacyDump), LegacyDump, Model.Netfilter.IpFamily.IPv4, "legacy-host");
        Assert.That(imported.Diagnostics, Is.Empty, string.Join("\n", imported.Diagnostics));
        var written = SourceWriters.RlSourceWriter.Write(imported.Policy, new SourceWriters.SourceWriterOptions { Origin = "Imported from legacy-host.rules by rulelang import" });

        Assert.That(written.Text, Is.EqualTo(File.ReadAllText(Path.Combine(Folder, "policies", "legacy-host.rl"))));
    }

    /// <summary>Imported, compiled by the build as a .rl policy, emitted: the dump's own rule lines come back.</summary>
    [Test]
    public void The_imported_policy_emits_the_dumps_rules_again()
    {
        var dump = ByTable(Import.ImportPipeline.NormalLines(File.ReadAllText(LegacyDump)));
        var emitted = ByTable(Import.ImportPipeline.NormalLines(File.ReadAllText(Path.Combine(Rulesets, "legacy-host.iptables"))));

        // iptables-save lists filter before nat, RuleLang in hook order; within a table the lines are the same.
        Assert.That(emitted.Keys, Is.EquivalentTo(dump.Keys));
        foreach (string table in dump.Keys)
        {
            Assert.That(emitted[table], Is.EqualTo(dump[table]), table);
        }
    }

    private static Dictionary<string, List<string>> ByTable(IEnumerable<string> lines)
    {
        var tables = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (string line in lines)
        {
            if (line[0] == '*')
            {
                tables[line] = current = new List<string>();
            }
            else
            {
                current!.Add(line);
            }
        }
        return tables;
    }

    /// <summary>The policies as the build tool finds them: through the registry the source generator wrote.</summary>
    private static IEnumerable<PolicyDefinition> Registered()
    {
        var registry = typeof(BastionPolicy).Assembly.GetCustomAttribute<PolicyRegistryAttribute>()!.RegistryType;
        var types = (IReadOnlyList<Type>)registry.GetProperty("Types")!.GetValue(null)!;
        return types.Select(t => (PolicyDefinition)Activator.CreateInstance(t)!);
    }
}
