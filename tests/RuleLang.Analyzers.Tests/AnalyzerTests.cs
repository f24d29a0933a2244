using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using NUnit.Framework;
using RuleLang.Checker;
using RuleLang.Model.Diagnostics;
using RuleLang.Testing;

namespace RuleLang.Analyzers.Tests;

/// <summary>The value analyzer, driven by Roslyn in memory: exact spans, valid counterparts, the checker's words.</summary>
public sealed class AnalyzerTests
{
    [TestCaseSource(typeof(AnalyzerCases), nameof(AnalyzerCases.Bad))]
    public void Reports_the_bad_constant_at_its_span(AnalyzerCases.Case @case)
    {
        var (text, expected) = Markup.Parse(@case.Bad);
        var compilation = TestCompilation.Create((Snippet.Path, text));
        Assert.That(TestCompilation.CompilerProblems(compilation).Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, "the bad snippet must compile");

        var diagnostics = AnalyzerRunner.Run(compilation);

        var tree = compilation.SyntaxTrees.Single();
        string[] want = expected.Select(e => Describe(e.Id, Location.Create(tree, e.Span))).ToArray();
        string[] got = diagnostics.Select(d => Describe(d.Id, d.Location)).ToArray();
        TestContext.Out.WriteLine(string.Join("\n", diagnostics.Select(d => d.ToString())));
        Assert.That(got, Is.EqualTo(want));
        Assert.That(diagnostics.Any(d => d.IsSuppressed), Is.False);
    }

    [TestCaseSource(typeof(AnalyzerCases), nameof(AnalyzerCases.Good))]
    public void Valid_counterpart_compiles_and_draws_nothing(AnalyzerCases.Case @case)
    {
        var compilation = TestCompilation.Create((Snippet.Path, @case.Good));
        Assert.That(TestCompilation.CompilerProblems(compilation), Is.Empty);

        Assert.That(AnalyzerRunner.Run(compilation).Select(d => d.ToString()), Is.Empty);
    }

    /// <summary>
    /// The policy is compiled, loaded, built and checked by the real checker; every analyzer diagnostic must be one
    /// the checker reports for the same policy, ID and message alike (the checker may say more, about placement).
    /// </summary>
    [TestCaseSource(typeof(AnalyzerCases), nameof(AnalyzerCases.SameAsChecker))]
    public void Says_what_the_checker_says_at_build_time(AnalyzerCases.Case @case)
    {
        var (text, _) = Markup.Parse(@case.Bad);
        var compilation = TestCompilation.Create((Snippet.Path, text));
        var analyzer = AnalyzerRunner.Run(compilation).Select(d => $"{d.Id}: {d.GetMessage()}").ToArray();

        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.That(emitted.Success, Is.True, string.Join("\n", emitted.Diagnostics));
        var assembly = Assembly.Load(stream.ToArray());
        var definition = (PolicyDefinition)Activator.CreateInstance(assembly.GetType("Snippet")!)!;
        var checker = PolicyChecker.Check(definition.Build()).Select(d => $"{d.Id}: {d.Message}").ToArray();

        Assert.That(analyzer, Is.Not.Empty);
        Assert.That(checker, Is.SupersetOf(analyzer));
    }

    [Test]
    public void Span_is_the_literal_line_and_columns()
    {
        string source = Snippet.Policy("p.Filter.Input.Rule().Destination(\"192.168.1.5/24\").Accept();");
        var diagnostic = AnalyzerRunner.Run(TestCompilation.Create((Snippet.Path, source))).Single();

        // Line 9 of the file: 8 spaces, then `p.Filter.Input.Rule().Destination(` (34 characters), then the literal.
        Assert.That(diagnostic.Id, Is.EqualTo("RL0102"));
        Assert.That(AnalyzerRunner.Position(diagnostic.Location), Is.EqualTo((9, 43, 59)));
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(diagnostic.GetMessage(), Is.EqualTo(
            "'192.168.1.5/24' has host bits set, so the kernel will use 192.168.1.0/24; write 192.168.1.0/24 if that is the network you meant, or /32 for the single host"));
    }

    [Test]
    public void Control_and_bidi_characters_of_a_literal_are_escaped_in_the_message()
    {
        // The C# escapes put a real ESC and RIGHT-TO-LEFT OVERRIDE into the literal; the IDE must not show them raw.
        string source = Snippet.Policy("p.Filter.Input.Rule().Source(\"10.0.0.300\\u202e\\u001b[2J\").Accept();");
        var diagnostic = AnalyzerRunner.Run(TestCompilation.Create((Snippet.Path, source))).Single();

        Assert.That(diagnostic.Id, Is.EqualTo("RL0101"));
        Assert.That(diagnostic.GetMessage(), Does.StartWith("'10.0.0.300\\u202e\\x1b[2J' is not a valid address"));
    }

    [Test]
    public void Mixed_families_point_back_at_the_first_address()
    {
        var (text, _) = Markup.Parse(AnalyzerCases.All.Single(c => c.Name == "Mixed families: -s and -d").Bad);
        var diagnostic = AnalyzerRunner.Run(TestCompilation.Create((Snippet.Path, text))).Single();

        Assert.That(diagnostic.AdditionalLocations.Select(l => l.SourceTree!.GetText().ToString(l.SourceSpan)), Is.EqualTo(new[] { "\"10.0.0.0/8\"" }));
        Assert.That(diagnostic.GetMessage(), Is.EqualTo("this rule mixes IPv4 (-s 10.0.0.0/8) and IPv6 (-d 2001:db8::/32); write one rule for each address family"));
    }

    [Test]
    public void Values_only_known_at_run_time_are_left_to_the_checker()
    {
        string source = Snippet.Policy(
            "string network = System.Environment.GetEnvironmentVariable(\"NET\") ?? \"10.0.0.0/33\";\n" +
            "int port = network.Length * 10000;\n" +
            "p.Filter.Input.Tcp().Source(network).DestinationPort(port).Accept();\n" +
            "p.Filter.Input.Tcp().DestinationPorts(System.Linq.Enumerable.Range(1, 20).ToArray()).Accept();");

        Assert.That(AnalyzerRunner.Run(TestCompilation.Create((Snippet.Path, "using System.Linq;\n" + source))), Is.Empty);
    }

    [Test]
    public void Methods_of_the_same_name_outside_the_DSL_are_not_checked()
    {
        string source = Snippet.Policy("new Other().Source(\"10.0.0.300\").DestinationPort(0).Comment(\"a\\nb\");") +
            "public sealed class Other\n{\n" +
            "    public Other Source(string address) => this;\n" +
            "    public Other DestinationPort(int port) => this;\n" +
            "    public Other Comment(string text) => this;\n" +
            "}\n";
        var compilation = TestCompilation.Create((Snippet.Path, source));
        Assert.That(TestCompilation.CompilerProblems(compilation), Is.Empty);

        Assert.That(AnalyzerRunner.Run(compilation), Is.Empty);
    }

    [Test]
    public void Pragma_suppresses_a_diagnostic()
    {
        string source = Snippet.Policy(
            "#pragma warning disable RL0102 // the office LAN is written as the router's address\n" +
            "p.Filter.Input.Rule().Source(\"192.168.1.1/24\").Accept();\n" +
            "#pragma warning restore RL0102\n" +
            "p.Filter.Input.Rule().Source(\"192.168.2.1/24\").Accept();");

        var diagnostics = AnalyzerRunner.Run(TestCompilation.Create((Snippet.Path, source)));

        Assert.That(diagnostics.Select(d => (d.Id, d.IsSuppressed, AnalyzerRunner.Position(d.Location).Line)), Is.EqualTo(new[]
        {
            ("RL0102", true, 10),
            ("RL0102", false, 12),
        }));
    }

    [Test]
    public void Pragma_suppresses_an_error_too()
    {
        string source = Snippet.Policy(
            "#pragma warning disable RL0103\n" +
            "p.Filter.Input.Tcp().DestinationPort(0).Accept();");

        Assert.That(AnalyzerRunner.Run(TestCompilation.Create((Snippet.Path, source))).Select(d => (d.Id, d.IsSuppressed)),
            Is.EqualTo(new[] { ("RL0103", true) }));
    }

    [TestCase("error", DiagnosticSeverity.Error)]
    [TestCase("suggestion", DiagnosticSeverity.Info)]
    public void Editorconfig_sets_the_severity(string configured, DiagnosticSeverity expected)
    {
        var options = new EditorConfigOptions("/src/.editorconfig", $"root = true\n\n[*.cs]\ndotnet_diagnostic.RL0102.severity = {configured}\n");
        string source = Snippet.Policy("p.Filter.Input.Rule().Source(\"192.168.1.1/24\").Accept();");

        var diagnostics = AnalyzerRunner.Run(TestCompilation.Create(new[] { (Snippet.Path, source) }, options));

        Assert.That(diagnostics.Select(d => (d.Id, d.Severity)), Is.EqualTo(new[] { ("RL0102", expected) }));
    }

    [Test]
    public void Editorconfig_none_turns_a_diagnostic_off()
    {
        var options = new EditorConfigOptions("/src/.editorconfig",
            "root = true\n\n[*.cs]\ndotnet_diagnostic.RL0102.severity = none\ndotnet_diagnostic.RL0101.severity = warning\n");
        string source = Snippet.Policy(
            "p.Filter.Input.Rule().Source(\"192.168.1.1/24\").Accept();\n" +
            "p.Filter.Input.Rule().Source(\"192.168.1\").Accept();");

        var diagnostics = AnalyzerRunner.Run(TestCompilation.Create(new[] { (Snippet.Path, source) }, options));

        Assert.That(diagnostics.Select(d => (d.Id, d.Severity)), Is.EqualTo(new[] { ("RL0101", DiagnosticSeverity.Warning) }));
    }

    [Test]
    public void Editorconfig_applies_only_to_the_files_it_names()
    {
        var options = new EditorConfigOptions("/src/.editorconfig", "root = true\n\n[Legacy/*.cs]\ndotnet_diagnostic.RL0102.severity = none\n");
        string source = Snippet.Policy("p.Filter.Input.Rule().Source(\"192.168.1.1/24\").Accept();");
        string legacy = source.Replace("class Snippet", "class LegacySnippet", StringComparison.Ordinal);

        var diagnostics = AnalyzerRunner.Run(TestCompilation.Create(new[] { (Snippet.Path, source), ("/src/Legacy/Old.cs", legacy) }, options));

        Assert.That(diagnostics.Select(d => d.Location.SourceTree!.FilePath), Is.EqualTo(new[] { Snippet.Path }));
    }

    [Test]
    public void A_project_without_the_DSL_is_not_analyzed()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Plain",
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("public class C { public void Source(string s) { } void M() => Source(\"10.0.0.300\"); }") },
            Basic.Reference.Assemblies.Net100.References.All);

        Assert.That(AnalyzerRunner.Run(compilation), Is.Empty);
    }

    [Test]
    public void Descriptors_are_the_catalogue_entries_with_a_page_each()
    {
        var supported = new ValueAnalyzer().SupportedDiagnostics;
        var values = DiagnosticCatalog.All.Where(e => e.Id.StartsWith("RL01", StringComparison.Ordinal)).ToArray();

        Assert.That(supported.Select(d => d.Id), Is.EqualTo(values.Select(e => e.Id)));
        foreach (var descriptor in RoslynDescriptors.All)
        {
            var entry = DiagnosticCatalog.All.Single(e => e.Id == descriptor.Id);
            Assert.That(descriptor.Title.ToString(), Is.EqualTo(entry.Title));
            Assert.That(descriptor.DefaultSeverity, Is.EqualTo(RoslynDescriptors.SeverityOf(entry.DefaultSeverity)));
            Assert.That(descriptor.IsEnabledByDefault, Is.True);
            Assert.That(descriptor.HelpLinkUri, Is.EqualTo($"docs/diagnostics/{entry.Id}.md"));
        }
        foreach (var descriptor in supported)
        {
            string page = Path.Combine(RepoPaths.Root, "docs", "diagnostics", descriptor.Id + ".md");
            Assert.That(File.Exists(page), Is.True, page);
        }
    }

    private static string Describe(string id, Location location)
    {
        var (line, start, end) = AnalyzerRunner.Position(location);
        return $"{id} at {line}:{start}-{end} '{location.SourceTree!.GetText().ToString(location.SourceSpan)}'";
    }
}
