using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;
using RuleLang.Generators;
using RuleLang.Testing;

namespace RuleLang.Analyzers.Tests;

/// <summary>The policy registry generator: its output (golden), that the output compiles and works, and its cache.</summary>
public sealed class GeneratorTests
{
    private const string Edge =
        "using RuleLang;\n" +
        "using RuleLang.Model.Values;\n" +
        "\n" +
        "namespace Contoso.Edge\n" +
        "{\n" +
        "    public sealed class WebServerPolicy : PolicyDefinition\n" +
        "    {\n" +
        "        public override string Name => \"edge-web\";\n" +
        "        protected override void Define(PolicyBuilder p) => p.Filter.Input.Policy(Verdict.Drop);\n" +
        "    }\n" +
        "\n" +
        "    public sealed class GatewayPolicy : PolicyDefinition\n" +
        "    {\n" +
        "        public override string Name => \"gateway\";\n" +
        "        protected override void Define(PolicyBuilder p) => p.Filter.Forward.Policy(Verdict.Drop);\n" +
        "    }\n" +
        "\n" +
        "    // Not registered: abstract.\n" +
        "    public abstract class SharedPolicy : PolicyDefinition\n" +
        "    {\n" +
        "        protected override void Define(PolicyBuilder p) => p.Filter.Input.Rule().InInterface(\"lo\").Accept();\n" +
        "    }\n" +
        "\n" +
        "    // Registered: derives from PolicyDefinition through SharedPolicy.\n" +
        "    public sealed class Branch : SharedPolicy\n" +
        "    {\n" +
        "        public override string Name => \"branch\";\n" +
        "    }\n" +
        "\n" +
        "    // Not registered: internal, as the CLI takes exported types only.\n" +
        "    internal sealed class HiddenPolicy : PolicyDefinition\n" +
        "    {\n" +
        "        public override string Name => \"hidden\";\n" +
        "        protected override void Define(PolicyBuilder p) { }\n" +
        "    }\n" +
        "\n" +
        "    // Not registered: no public parameterless constructor.\n" +
        "    public sealed class ConfiguredPolicy : PolicyDefinition\n" +
        "    {\n" +
        "        public ConfiguredPolicy(string name) => Name = name;\n" +
        "        public override string Name { get; }\n" +
        "        protected override void Define(PolicyBuilder p) { }\n" +
        "    }\n" +
        "\n" +
        "    public static class Sites\n" +
        "    {\n" +
        "        public sealed class LabPolicy : PolicyDefinition\n" +
        "        {\n" +
        "            public override string Name => \"lab\";\n" +
        "            protected override void Define(PolicyBuilder p) { }\n" +
        "        }\n" +
        "    }\n" +
        "\n" +
        "    public sealed partial class SplitPolicy : PolicyDefinition\n" +
        "    {\n" +
        "        public override string Name => \"split\";\n" +
        "    }\n" +
        "}\n";

    private const string Lab =
        "using RuleLang;\n" +
        "\n" +
        "namespace Contoso.Edge\n" +
        "{\n" +
        "    public sealed partial class SplitPolicy : PolicyDefinition\n" +
        "    {\n" +
        "        protected override void Define(PolicyBuilder p) { }\n" +
        "    }\n" +
        "}\n" +
        "\n" +
        "namespace Contoso.Lab\n" +
        "{\n" +
        "    // Shares its name with Contoso.Edge.WebServerPolicy, so both handles take their full names.\n" +
        "    public sealed class WebServerPolicy : RuleLang.PolicyDefinition\n" +
        "    {\n" +
        "        public override string Name => \"lab-web\";\n" +
        "        protected override void Define(RuleLang.PolicyBuilder p) { }\n" +
        "    }\n" +
        "}\n" +
        "\n" +
        "// In the global namespace, and named so that its handle would clash with the Policies class.\n" +
        "public sealed class PoliciesPolicy : RuleLang.PolicyDefinition\n" +
        "{\n" +
        "    public override string Name => \"policies\";\n" +
        "    protected override void Define(RuleLang.PolicyBuilder p) { }\n" +
        "}\n";

    private const string Unrelated =
        "public static class Util\n" +
        "{\n" +
        "    public static int Answer() => 41;\n" +
        "}\n" +
        "\n" +
        "public sealed class Resource : System.IDisposable\n" +
        "{\n" +
        "    public void Dispose() { }\n" +
        "}\n";

    private static CSharpCompilation Policies() =>
        TestCompilation.Create(("/src/Edge.cs", Edge), ("/src/Lab.cs", Lab), ("/src/Util.cs", Unrelated));

    [Test]
    public void Registry_source_is_as_verified()
    {
        var driver = GeneratorRunner.CreateDriver().RunGenerators(Policies());

        Golden.Verify(GeneratorRunner.Generated(driver)!, GoldenPath("PolicyRegistry.verified.txt"));
    }

    [Test]
    public void Registry_can_be_internal()
    {
        var driver = GeneratorRunner.CreateDriver(new Dictionary<string, string> { ["RuleLangGeneratedAccessibility"] = "internal" })
            .RunGenerators(Policies());

        Golden.Verify(GeneratorRunner.Generated(driver)!, GoldenPath("PolicyRegistry.Internal.verified.txt"));
    }

    [Test]
    public void Generated_registry_compiles_cleanly_and_lists_every_policy()
    {
        GeneratorRunner.CreateDriver().RunGeneratorsAndUpdateCompilation(Policies(), out var output, out var generatorDiagnostics);
        Assert.That(generatorDiagnostics, Is.Empty);
        Assert.That(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()), Is.Empty);

        using var stream = new MemoryStream();
        Assert.That(output.Emit(stream).Success, Is.True);
        var assembly = Assembly.Load(stream.ToArray());

        var registryType = assembly.GetCustomAttribute<PolicyRegistryAttribute>()!.RegistryType;
        Assert.That(registryType.FullName, Is.EqualTo("RuleLang.Generated.PolicyRegistry"));
        var all = (IReadOnlyList<PolicyDefinition>)registryType.GetProperty("All")!.GetValue(null)!;
        var types = (IReadOnlyList<Type>)registryType.GetProperty("Types")!.GetValue(null)!;
        string[] expected =
        {
            "Contoso.Edge.Branch", "Contoso.Edge.GatewayPolicy", "Contoso.Edge.Sites+LabPolicy", "Contoso.Edge.SplitPolicy",
            "Contoso.Edge.WebServerPolicy", "Contoso.Lab.WebServerPolicy", "PoliciesPolicy",
        };
        Assert.That(all.Select(p => p.GetType().FullName), Is.EqualTo(expected));
        Assert.That(types.Select(t => t.FullName), Is.EqualTo(expected));
        Assert.That(all.Select(p => p.Build().Name), Is.EqualTo(new[] { "branch", "gateway", "lab", "split", "edge-web", "lab-web", "policies" }));

        var handles = assembly.GetType("RuleLang.Generated.Policies")!;
        Assert.That(handles.GetProperties().Select(p => p.Name), Is.EquivalentTo(new[]
        {
            "Branch", "Gateway", "Lab", "Split", "Contoso_Edge_WebServerPolicy", "Contoso_Lab_WebServerPolicy", "PoliciesPolicy",
        }));
        var gateway = handles.GetProperty("Gateway")!;
        Assert.That(gateway.PropertyType.FullName, Is.EqualTo("Contoso.Edge.GatewayPolicy"));
        Assert.That(gateway.GetValue(null), Is.SameAs(all[1]));
    }

    [Test]
    public void Order_matches_the_order_the_CLI_loads_policies_in()
    {
        // The CLI orders exported types by FullName, ordinal; the registry must agree so outputs do not reorder.
        GeneratorRunner.CreateDriver().RunGeneratorsAndUpdateCompilation(Policies(), out var output, out _);
        using var stream = new MemoryStream();
        output.Emit(stream);
        var assembly = Assembly.Load(stream.ToArray());
        var byReflection = assembly.GetExportedTypes()
            .Where(t => !t.IsAbstract && typeof(PolicyDefinition).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => t.FullName);

        var registry = (IReadOnlyList<Type>)assembly.GetCustomAttribute<PolicyRegistryAttribute>()!.RegistryType.GetProperty("Types")!.GetValue(null)!;

        Assert.That(registry.Select(t => t.FullName), Is.EqualTo(byReflection));
    }

    [Test]
    public void A_project_without_policies_gets_no_registry()
    {
        var driver = GeneratorRunner.CreateDriver().RunGenerators(TestCompilation.Create(("/src/Util.cs", Unrelated)));

        Assert.That(driver.GetRunResult().GeneratedTrees, Is.Empty);
    }

    [Test]
    public void An_unrelated_edit_leaves_every_step_cached()
    {
        var compilation = Policies();
        var driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);
        AssertStepsRan(driver);

        var edited = Edit(compilation, "/src/Util.cs", "=> 41;", "=> 42;");
        edited = Edit(edited, "/src/Util.cs", "public void Dispose() { }", "public void Dispose() { System.GC.SuppressFinalize(this); }");
        driver = driver.RunGenerators(edited);

        AssertAllCachedOrUnchanged(driver);
    }

    [Test]
    public void Editing_a_policy_body_leaves_the_registry_cached()
    {
        var compilation = Policies();
        var driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);
        string? before = GeneratorRunner.Generated(driver);

        driver = driver.RunGenerators(Edit(compilation, "/src/Edge.cs", "p.Filter.Forward.Policy(Verdict.Drop)", "p.Filter.Forward.Policy(Verdict.Accept)"));

        AssertAllCachedOrUnchanged(driver);
        Assert.That(GeneratorRunner.Generated(driver), Is.EqualTo(before));
    }

    [Test]
    public void Adding_a_policy_changes_the_registry()
    {
        var compilation = Policies();
        var driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);

        var added = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "public sealed class NewPolicy : RuleLang.PolicyDefinition { public override string Name => \"new\"; protected override void Define(RuleLang.PolicyBuilder p) { } }",
            TestCompilation.ParseOptions,
            "/src/New.cs"));
        driver = driver.RunGenerators(added);

        var registry = driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Registry];
        Assert.That(registry.SelectMany(s => s.Outputs).Select(o => o.Reason), Is.EqualTo(new[] { IncrementalStepRunReason.Modified }));
        Assert.That(GeneratorRunner.Generated(driver), Does.Contain("public static global::NewPolicy New =>"));
    }

    [Test]
    public void Pipeline_models_hold_no_symbols_or_syntax()
    {
        var driver = GeneratorRunner.CreateDriver().RunGenerators(Policies());

        foreach (var (name, steps) in driver.GetRunResult().Results.Single().TrackedSteps)
        {
            if (name == TrackingNames.Candidates || name == TrackingNames.Policies || name == TrackingNames.AllPolicies
                || name == TrackingNames.Accessibility || name == TrackingNames.PoliciesAndAccessibility || name == TrackingNames.Registry)
            {
                foreach (var (value, _) in steps.SelectMany(s => s.Outputs))
                {
                    AssertNoCompilerObjects(value, name, 0);
                }
            }
        }
    }

    private static void AssertStepsRan(GeneratorDriver driver)
    {
        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        foreach (var name in TrackedNames)
        {
            Assert.That(steps.ContainsKey(name), Is.True, $"step {name} was not tracked");
        }
    }

    private static void AssertAllCachedOrUnchanged(GeneratorDriver driver)
    {
        var result = driver.GetRunResult().Results.Single();
        foreach (var name in TrackedNames)
        {
            var reasons = result.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
            Assert.That(reasons, Is.Not.Empty, name);
            Assert.That(reasons, Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged), name);
        }
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.That(outputs, Is.Not.Empty);
        Assert.That(outputs, Is.All.EqualTo(IncrementalStepRunReason.Cached));
    }

    private static readonly string[] TrackedNames =
    {
        TrackingNames.Candidates, TrackingNames.Policies, TrackingNames.Accessibility, TrackingNames.AllPolicies,
        TrackingNames.PoliciesAndAccessibility, TrackingNames.Registry,
    };

    private static void AssertNoCompilerObjects(object? value, string step, int depth)
    {
        if (value is null || depth > 6 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }
        Assert.That(value, Is.Not.InstanceOf<ISymbol>().And.Not.InstanceOf<SyntaxNode>().And.Not.InstanceOf<Compilation>()
            .And.Not.InstanceOf<SemanticModel>().And.Not.InstanceOf<Location>(), $"step {step} holds a {value.GetType().Name}");
        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items)
            {
                AssertNoCompilerObjects(item, step, depth + 1);
            }
            return;
        }
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            AssertNoCompilerObjects(property.GetValue(value), step, depth + 1);
        }
    }

    private static CSharpCompilation Edit(CSharpCompilation compilation, string path, string from, string to)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        string text = tree.GetText().ToString();
        Assert.That(text, Does.Contain(from));
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(from, to, StringComparison.Ordinal))));
    }

    private static string GoldenPath(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Golden", name);
}
