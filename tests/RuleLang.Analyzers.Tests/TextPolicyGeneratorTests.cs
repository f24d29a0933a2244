using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;
using RuleLang.Generators;
using RuleLang.Model.Values;

namespace RuleLang.Analyzers.Tests;

/// <summary>
/// .rl files as AdditionalFiles: diagnostics at their span of the .rl file with the analyzers' IDs, a handle class
/// that embeds the text safely and builds the policy, typed definitions for C#, the registry, and the cache.
/// </summary>
public sealed class TextPolicyGeneratorTests
{
    private const string WebPath = "/proj/policies/web-test.rl";

    private const string Web =
        "# A test policy.\n" +
        "policy web-test\n" +
        "\n" +
        "define office = { 192.168.1.0/24, 2001:db8:1::/64 }\n" +
        "define admin = 10.0.0.5\n" +
        "define web = { 80, 443 }\n" +
        "define ssh = 22\n" +
        "define high = 1024-65535\n" +
        "\n" +
        "table filter {\n" +
        "    chain INPUT policy drop {\n" +
        "        iif lo accept\n" +
        "        tcp dport $web accept\n" +
        "        tcp dport $ssh saddr $office comment \"ssh from the office\" accept\n" +
        "    }\n" +
        "}\n";

    private const string UsesDefinitions =
        "using RuleLang;\n" +
        "using RuleLang.Model.Values;\n" +
        "using Contoso.Firewall;\n" +
        "\n" +
        "namespace Contoso.Firewall\n" +
        "{\n" +
        "    public sealed class BastionPolicy : PolicyDefinition\n" +
        "    {\n" +
        "        public override string Name => \"bastion\";\n" +
        "\n" +
        "        protected override void Define(PolicyBuilder p)\n" +
        "        {\n" +
        "            var input = p.Filter.Input;\n" +
        "            input.Policy(Verdict.Drop);\n" +
        "            foreach (string office in WebTestPolicy.Definitions.Office)\n" +
        "            {\n" +
        "                input.Tcp().DestinationPort(WebTestPolicy.Definitions.Ssh).Source(office).Accept();\n" +
        "            }\n" +
        "            input.Tcp().Source(WebTestPolicy.Definitions.Admin).DestinationPorts(WebTestPolicy.Definitions.Web).Accept();\n" +
        "            input.Tcp().SourcePorts(WebTestPolicy.Definitions.High).Drop();\n" +
        "        }\n" +
        "    }\n" +
        "}\n";

    private const string Unrelated =
        "public static class Util\n" +
        "{\n" +
        "    public static int Answer() => 41;\n" +
        "}\n";

    private static readonly Dictionary<string, string> Properties = new() { ["RootNamespace"] = "Contoso.Firewall" };

    [Test]
    public void A_good_file_becomes_a_registered_class_that_builds_its_policy()
    {
        var (assembly, diagnostics) = CompileAndLoad(("/src/Util.cs", Unrelated), Rl(WebPath, Web));
        Assert.That(diagnostics, Is.Empty);

        var type = assembly.GetType("Contoso.Firewall.WebTestPolicy")!;
        Assert.That(type, Is.Not.Null);
        Assert.That(type.BaseType, Is.EqualTo(typeof(TextPolicyDefinition)));
        var definition = (TextPolicyDefinition)Activator.CreateInstance(type)!;
        Assert.That(definition.Name, Is.EqualTo("web-test"));
        Assert.That(definition.SourcePath, Is.EqualTo(WebPath));

        var policy = definition.Build();
        Assert.That(policy.Name, Is.EqualTo("web-test"));
        var rules = policy.Tables.Single().FindChain("INPUT")!.Rules;
        Assert.That(rules.Select(r => r.Location.File).Distinct(), Is.EqualTo(new[] { WebPath }), "locations point into the .rl file");
        Assert.That(rules.Select(r => r.Location.Line).Distinct(), Is.EquivalentTo(new[] { 12, 13, 14 }));

        var registry = (IReadOnlyList<Type>)assembly.GetCustomAttribute<PolicyRegistryAttribute>()!.RegistryType.GetProperty("Types")!.GetValue(null)!;
        Assert.That(registry, Is.EqualTo(new[] { type }));
        var handle = assembly.GetType("RuleLang.Generated.Policies")!.GetProperty("WebTest")!;
        Assert.That(handle.GetValue(null), Is.InstanceOf(type));
    }

    [Test]
    public void Definitions_are_typed_members_a_CSharp_policy_can_use()
    {
        var (assembly, diagnostics) = CompileAndLoad(("/src/Bastion.cs", UsesDefinitions), Rl(WebPath, Web));
        Assert.That(diagnostics, Is.Empty);

        var definitions = assembly.GetType("Contoso.Firewall.WebTestPolicy+Definitions")!;
        Assert.That(definitions.GetProperty("Office")!.GetValue(null), Is.EqualTo(new[] { "192.168.1.0/24", "2001:db8:1::/64" }));
        Assert.That(definitions.GetField("Admin")!.GetRawConstantValue(), Is.EqualTo("10.0.0.5"));
        Assert.That(definitions.GetField("Ssh")!.GetRawConstantValue(), Is.EqualTo(22));
        Assert.That(definitions.GetProperty("Web")!.GetValue(null), Is.EqualTo(new[] { new PortSpan(80, 80), new PortSpan(443, 443) }));
        Assert.That(definitions.GetProperty("High")!.GetValue(null), Is.EqualTo(new[] { new PortSpan(1024, 65535) }));

        // The C# policy built from them: one rule per office address, then the admin and port-list rules.
        var bastion = (PolicyDefinition)Activator.CreateInstance(assembly.GetType("Contoso.Firewall.BastionPolicy")!)!;
        var compiled = Compiler.PolicyCompiler.Compile(bastion.Build());
        Assert.That(compiled.Diagnostics, Is.Empty, string.Join("\n", compiled.Diagnostics));
        string v4 = compiled.Rulesets.Single(r => r.Format == Compiler.RulesetFormat.Iptables).Text;
        string v6 = compiled.Rulesets.Single(r => r.Format == Compiler.RulesetFormat.Ip6tables).Text;
        Assert.That(v4, Does.Contain("-A INPUT -s 192.168.1.0/24 -p tcp -m tcp --dport 22 -j ACCEPT"));
        Assert.That(v6, Does.Contain("-A INPUT -s 2001:db8:1::/64 -p tcp -m tcp --dport 22 -j ACCEPT"));
        Assert.That(v4, Does.Contain("-A INPUT -s 10.0.0.5/32 -p tcp -m multiport --dports 80,443 -j ACCEPT"));
        Assert.That(v4, Does.Contain("--sport 1024:65535 -j DROP"));
    }

    [Test]
    public void A_syntax_error_is_reported_at_its_line_and_column_in_the_rl_file()
    {
        string bad = Web.Replace("tcp dport $ssh saddr", "tcp dport ssh saddr", StringComparison.Ordinal);

        var diagnostic = GeneratorDiagnostics(Rl(WebPath, bad)).Single();

        Assert.That(diagnostic.Id, Does.StartWith("RL04"));
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        AssertAt(diagnostic, WebPath, bad, "ssh saddr");
        Assert.That(diagnostic.GetMessage(), Does.Contain("'ssh'"));
        Assert.That(diagnostic.Descriptor.HelpLinkUri, Is.EqualTo($"docs/diagnostics/{diagnostic.Id}.md"));
    }

    // A value's diagnostic points at its match (the keyword), a target's at the target.
    [TestCase("tcp dport 70000 accept", "dport 70000", "RL0103")]
    [TestCase("dnat to 10.0.0.2", "dnat", "RL2101")]
    public void A_checker_error_is_reported_at_its_token_with_the_checkers_id_and_sentence(string rule, string token, string id)
    {
        string bad = Web.Replace("        iif lo accept\n", "        iif lo accept\n        " + rule + "\n", StringComparison.Ordinal);

        var diagnostics = GeneratorDiagnostics(Rl(WebPath, bad));

        var diagnostic = diagnostics.Single(d => d.Id == id);
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        AssertAt(diagnostic, WebPath, bad, token);
        Assert.That(diagnostic.Descriptor, Is.SameAs(RoslynDescriptors.For(id)), "the analyzers' own descriptor");
    }

    [Test]
    public void An_error_in_an_included_file_is_reported_in_that_file()
    {
        const string commonPath = "/proj/policies/common.rl";
        const string common = "policy common\n\ndefine ssh = { 22,\n";
        string main = Web.Replace("define ssh = 22\n", "include \"common.rl\"\n", StringComparison.Ordinal);

        var diagnostics = GeneratorDiagnostics(Rl(WebPath, main), Rl(commonPath, common));

        // Reported once, in common.rl, though common.rl is compiled as a policy and included by web-test.rl.
        var inCommon = diagnostics.Where(d => d.Location.GetLineSpan().Path == commonPath).ToArray();
        Assert.That(inCommon.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1)), Is.EqualTo(new[] { ("RL0401", 3) }), string.Join("\n", diagnostics));
        Assert.That(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), Is.Not.Empty);
    }

    [Test]
    public void A_file_without_a_policy_line_that_others_include_is_a_library_with_no_class_of_its_own()
    {
        const string commonPath = "/proj/policies/common.rl";
        const string common = "# shared by the policies of this project\ndefine ssh = 22\n";
        string main = Web.Replace("define ssh = 22\n", "include \"common.rl\"\n", StringComparison.Ordinal);
        string other = main.Replace("policy web-test", "policy other-test", StringComparison.Ordinal);

        var (assembly, diagnostics) = CompileAndLoad(("/src/Util.cs", Unrelated), Rl(WebPath, main), Rl("/proj/policies/other.rl", other), Rl(commonPath, common));

        Assert.That(diagnostics, Is.Empty);
        Assert.That(assembly.GetType("Contoso.Firewall.CommonPolicy"), Is.Null, "a library is not a policy");
        Assert.That(assembly.GetType("Contoso.Firewall.WebTestPolicy"), Is.Not.Null);
        Assert.That(assembly.GetType("Contoso.Firewall.OtherPolicy"), Is.Not.Null);
    }

    [Test]
    public void A_mistake_in_a_library_is_reported_once_though_two_files_include_it()
    {
        const string commonPath = "/proj/policies/common.rl";
        const string common = "define ssh = { 22,\n";
        string main = Web.Replace("define ssh = 22\n", "include \"common.rl\"\n", StringComparison.Ordinal);
        string other = main.Replace("policy web-test", "policy other-test", StringComparison.Ordinal);

        var diagnostics = GeneratorDiagnostics(Rl(WebPath, main), Rl("/proj/policies/other.rl", other), Rl(commonPath, common));

        var inCommon = diagnostics.Where(d => d.Location.GetLineSpan().Path == commonPath).ToArray();
        Assert.That(inCommon.Select(d => d.Id), Is.EqualTo(new[] { "RL0401" }), string.Join("\n", diagnostics));
        Assert.That(diagnostics.Select(d => d.Id), Has.None.EqualTo("RL0403"), "no policy line is what makes it a library");
    }

    [Test]
    public void An_include_outside_the_project_folder_is_refused_unless_RuleLangIncludeDirs_allows_it()
    {
        const string sharedPath = "/etc/shared/common.rl";
        string main = Web.Replace("define ssh = 22\n", "include \"/etc/shared/common.rl\"\n", StringComparison.Ordinal);
        var files = new[] { Rl(WebPath, main), Rl(sharedPath, "define ssh = 22\n") };
        var inProject = new Dictionary<string, string>(Properties) { ["MSBuildProjectDirectory"] = "/proj" };
        var allowed = new Dictionary<string, string>(inProject) { ["RuleLangIncludeDirs"] = "../etc/shared" };

        var refused = RunGenerator(inProject, files).Where(d => d.Location.GetLineSpan().Path == WebPath).ToArray();
        var accepted = RunGenerator(allowed, files).Where(d => d.Location.GetLineSpan().Path == WebPath).ToArray();

        Assert.That(refused.Select(d => d.Id).First(), Is.EqualTo("RL0701"), string.Join("\n", refused));
        Assert.That(refused[0].GetMessage(), Does.StartWith("cannot include \"/etc/shared/common.rl\": /etc/shared/common.rl is outside the folders includes may read (/proj)"));
        Assert.That(accepted, Is.Empty, string.Join("\n", accepted));
    }

    private static IReadOnlyList<Diagnostic> RunGenerator(Dictionary<string, string> properties, AdditionalText[] files)
    {
        GeneratorRunner.CreateDriver(properties, files).RunGeneratorsAndUpdateCompilation(TestCompilation.Create(("/src/Util.cs", Unrelated)), out _, out var diagnostics);
        return diagnostics;
    }

    [Test]
    public void Included_files_are_embedded_so_the_built_policy_never_reads_the_disk()
    {
        const string commonPath = "/proj/policies/shared/common.rl";
        const string common = "policy common\n\ndefine ssh = 22\n";
        string main = Web.Replace("define ssh = 22\n", "include \"shared/common.rl\"\n", StringComparison.Ordinal);

        var (assembly, diagnostics) = CompileAndLoad(("/src/Util.cs", Unrelated), Rl(WebPath, main), Rl(commonPath, common));
        Assert.That(diagnostics, Is.Empty);

        var web = (PolicyDefinition)Activator.CreateInstance(assembly.GetType("Contoso.Firewall.WebTestPolicy")!)!;
        var rules = web.Build().Tables.Single().FindChain("INPUT")!.Rules;
        Assert.That(rules.Count, Is.EqualTo(4), "ssh came from the included file: one rule per office address");
        Assert.That(assembly.GetType("Contoso.Firewall.WebTestPolicy+Definitions")!.GetField("Ssh")!.GetRawConstantValue(), Is.EqualTo(22));
    }

    [Test]
    public void Text_that_looks_like_CSharp_cannot_break_the_generated_code()
    {
        const string hostile =
            "# \"\"\" \\ \\\" { } {{ }} */ /* // #endregion #if X <summary></summary> \u2028 \0 \t end\r\n" +
            "# $\"{0}\" @\"\" \"\"\"\"\r\n" +
            "policy hostile\r\n" +
            "\r\n" +
            "table filter {\r\n" +
            "    chain INPUT {\r\n" +
            "        comment \"quote \\\" and backslash \\\\ {x}\" accept\r\n" +
            "    }\r\n" +
            "}\r\n";
        const string path = "/proj/we\"ird\\dir {x}/hostile.rl";

        var (assembly, diagnostics) = CompileAndLoad(("/src/Util.cs", Unrelated), Rl(path, hostile));
        Assert.That(diagnostics, Is.Empty);

        var type = assembly.GetType("Contoso.Firewall.HostilePolicy")!;
        Assert.That(type.GetField("RlText", BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue(), Is.EqualTo(hostile), "the embedded text is the file, byte for byte");
        Assert.That(type.GetField("RlPath")!.GetRawConstantValue(), Is.EqualTo(path));
        var policy = ((PolicyDefinition)Activator.CreateInstance(type)!).Build();
        var comment = policy.Tables.Single().FindChain("INPUT")!.Rules.Single().Matches.OfType<Model.Matches.CommentMatch>().Single();
        Assert.That(comment.Text, Is.EqualTo("quote \" and backslash \\ {x}"));
    }

    [Test]
    public void Severity_comes_from_global_configuration_since_a_rl_file_has_no_syntax_tree()
    {
        string warned = Web.Replace("iif lo accept", "saddr 192.168.1.1/24 accept", StringComparison.Ordinal);
        var rl = Rl(WebPath, warned);

        var asIs = GeneratorDiagnostics(rl);
        Assert.That(asIs.Select(d => (d.Id, d.Severity)), Is.EqualTo(new[] { ("RL0102", DiagnosticSeverity.Warning) }));
        AssertAt(asIs.Single(), WebPath, warned, "saddr 192.168.1.1/24");

        var demoted = GeneratorDiagnostics(new EditorConfigOptions("/proj/.globalconfig", "is_global = true\ndotnet_diagnostic.RL0102.severity = none\n"), rl);
        Assert.That(demoted, Is.Empty);

        var raised = GeneratorDiagnostics(new EditorConfigOptions("/proj/.globalconfig", "is_global = true\ndotnet_diagnostic.RL0102.severity = error\n"), rl);
        Assert.That(raised.Select(d => (d.Id, d.Severity)), Is.EqualTo(new[] { ("RL0102", DiagnosticSeverity.Error) }));
    }

    [Test]
    public void Steps_for_rl_files_stay_cached_across_runs_and_unrelated_CSharp_edits()
    {
        var compilation = TestCompilation.Create(("/src/Util.cs", Unrelated), ("/src/Bastion.cs", UsesDefinitions));
        var driver = GeneratorRunner.CreateDriver(Properties, new[] { Rl(WebPath, Web) }).RunGenerators(compilation);
        foreach (var name in TextSteps)
        {
            Assert.That(driver.GetRunResult().Results.Single().TrackedSteps.ContainsKey(name), Is.True, name);
        }

        driver = driver.RunGenerators(compilation);
        AssertTextStepsCached(driver);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(t => t.FilePath == "/src/Util.cs"),
            CSharpSyntaxTree.ParseText(Unrelated.Replace("41", "42", StringComparison.Ordinal), TestCompilation.ParseOptions, "/src/Util.cs"));
        driver = driver.RunGenerators(edited);
        AssertTextStepsCached(driver);
    }

    [Test]
    public void Editing_the_rl_file_recompiles_it()
    {
        var compilation = TestCompilation.Create(("/src/Util.cs", Unrelated));
        var rl = Rl(WebPath, Web);
        var driver = GeneratorRunner.CreateDriver(Properties, new[] { rl }).RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(rl, Rl(WebPath, Web.Replace("dport $web", "dport 8443", StringComparison.Ordinal)));
        driver = driver.RunGenerators(compilation);

        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        Assert.That(steps[TrackingNames.TextPolicies].SelectMany(s => s.Outputs).Select(o => o.Reason), Is.EqualTo(new[] { IncrementalStepRunReason.Modified }));
        Assert.That(GeneratorRunner.Generated(driver, "WebTestPolicy.g.cs"), Does.Contain("dport 8443"));
    }

    [Test]
    public void Text_pipeline_models_hold_no_compiler_objects()
    {
        var driver = GeneratorRunner.CreateDriver(Properties, new[] { Rl(WebPath, Web) }).RunGenerators(TestCompilation.Create(("/src/Util.cs", Unrelated)));

        foreach (var name in TextSteps)
        {
            foreach (var (value, _) in driver.GetRunResult().Results.Single().TrackedSteps[name].SelectMany(s => s.Outputs))
            {
                Assert.That(NoCompilerObjects(value, 0), Is.True, name);
            }
        }
    }

    private static readonly string[] TextSteps =
    {
        TrackingNames.RlFiles, TrackingNames.AllRlFiles, TrackingNames.TextPolicySettings, TrackingNames.TextPolicies,
        TrackingNames.TextPolicyHandles, TrackingNames.AllPoliciesWithText,
    };

    private static void AssertTextStepsCached(GeneratorDriver driver)
    {
        var result = driver.GetRunResult().Results.Single();
        foreach (var name in TextSteps)
        {
            var reasons = result.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
            Assert.That(reasons, Is.Not.Empty, name);
            Assert.That(reasons, Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged), name);
        }
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.That(outputs, Is.Not.Empty);
        Assert.That(outputs, Is.All.EqualTo(IncrementalStepRunReason.Cached));
    }

    private static bool NoCompilerObjects(object? value, int depth)
    {
        if (value is null || depth > 6 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return true;
        }
        if (value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location or AdditionalText)
        {
            return false;
        }
        if (value is System.Collections.IEnumerable items)
        {
            return items.Cast<object?>().All(item => NoCompilerObjects(item, depth + 1));
        }
        return value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .All(p => NoCompilerObjects(p.GetValue(value), depth + 1));
    }

    private static AdditionalText Rl(string path, string text) => new InMemoryAdditionalText(path, text);

    private static IReadOnlyList<Diagnostic> GeneratorDiagnostics(params AdditionalText[] files) =>
        GeneratorDiagnostics(null, files);

    private static IReadOnlyList<Diagnostic> GeneratorDiagnostics(EditorConfigOptions? config, params AdditionalText[] files)
    {
        var compilation = TestCompilation.Create(new[] { ("/src/Util.cs", Unrelated) }, config);
        GeneratorRunner.CreateDriver(Properties, files).RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
        // The driver hands back what csc prints: the generator's diagnostics after the compilation's severity
        // configuration (global options only, since a .rl location has no syntax tree).
        return diagnostics;
    }

    private static (Assembly Assembly, IReadOnlyList<string> Diagnostics) CompileAndLoad((string Path, string Text) source, params AdditionalText[] files)
    {
        GeneratorRunner.CreateDriver(Properties, files)
            .RunGeneratorsAndUpdateCompilation(TestCompilation.Create(source), out var output, out var generatorDiagnostics);
        var problems = generatorDiagnostics.Concat(TestCompilation.CompilerProblems(output)).Select(d => d.ToString()).ToList();
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        problems.AddRange(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        Assert.That(emitted.Success, Is.True, string.Join("\n", problems));
        return (Assembly.Load(stream.ToArray()), problems.Distinct().ToArray());
    }

    private static void AssertAt(Diagnostic diagnostic, string path, string text, string token)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int line = Array.FindIndex(lines, l => l.Contains(token, StringComparison.Ordinal));
        int column = lines[line].IndexOf(token, StringComparison.Ordinal);
        var span = diagnostic.Location.GetLineSpan();
        Assert.That(span.Path, Is.EqualTo(path));
        Assert.That((span.StartLinePosition.Line, span.StartLinePosition.Character), Is.EqualTo((line, column)), diagnostic.ToString());
        Assert.That(diagnostic.ToString(), Does.StartWith($"{path}({line + 1},{column + 1}): "));
    }
}
