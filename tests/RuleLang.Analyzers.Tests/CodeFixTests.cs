using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;
using RuleLang.Analyzers.CodeFixes;

namespace RuleLang.Analyzers.Tests;

/// <summary>The RL0102 fix, applied through a workspace as the IDE applies it.</summary>
public sealed class CodeFixTests
{
    [Test]
    public async Task Host_bits_fix_writes_the_network()
    {
        string fixedText = await ApplyAsync(Snippet.Policy("p.Filter.Input.Tcp().Source(\"192.168.1.5/24\").DestinationPort(22).Accept();"), "Use the network 192.168.1.0/24");

        Assert.That(fixedText, Is.EqualTo(Snippet.Policy("p.Filter.Input.Tcp().Source(\"192.168.1.0/24\").DestinationPort(22).Accept();")));
    }

    [Test]
    public async Task Host_bits_fix_can_write_the_single_host_instead()
    {
        string fixedText = await ApplyAsync(Snippet.Policy("p.Masquerade(outInterface: \"wan0\", source: \"10.0.0.1/24\");"), "Use the single host 10.0.0.1/32");

        Assert.That(fixedText, Is.EqualTo(Snippet.Policy("p.Masquerade(outInterface: \"wan0\", source: \"10.0.0.1/32\");")));
    }

    [Test]
    public async Task Host_bits_fix_handles_IPv6()
    {
        string fixedText = await ApplyAsync(Snippet.Policy("p.Filter.Input.Rule().Destination(\"2001:db8:1::5/48\").Accept();"), "Use the network 2001:db8:1::/48");

        Assert.That(fixedText, Is.EqualTo(Snippet.Policy("p.Filter.Input.Rule().Destination(\"2001:db8:1::/48\").Accept();")));
    }

    [Test]
    public async Task The_fixed_code_draws_no_diagnostic()
    {
        string fixedText = await ApplyAsync(Snippet.Policy("p.Filter.Input.Rule().Source(\"172.16.5.4/12\").Accept();"), "Use the network 172.16.0.0/12");

        Assert.That(AnalyzerRunner.Run(TestCompilation.Create((Snippet.Path, fixedText))), Is.Empty);
    }

    [Test]
    public async Task No_fix_is_offered_for_a_const()
    {
        string source = Snippet.Policy("p.Filter.Input.Rule().Source(Lan).Accept();", "    private const string Lan = \"192.168.1.5/24\";\n");

        var (_, actions) = await FixesAsync(source);

        Assert.That(actions, Is.Empty);
    }

    private static async Task<string> ApplyAsync(string source, string title)
    {
        var (document, actions) = await FixesAsync(source);
        Assert.That(actions.Select(a => a.Title), Does.Contain(title));
        var operations = await actions.Single(a => a.Title == title).GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
    }

    private static async Task<(Document Document, IReadOnlyList<CodeAction> Actions)> FixesAsync(string source)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Policies",
            "Policies",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: TestCompilation.ParseOptions,
            metadataReferences: TestCompilation.References));
        var document = workspace.AddDocument(project.Id, "Snippet.cs", SourceText.From(source));
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ValueAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        var fix = new HostBitsCodeFix();
        var actions = new List<CodeAction>();
        foreach (var diagnostic in diagnostics.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)))
        {
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await fix.RegisterCodeFixesAsync(context);
        }
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "RL0102" }));
        return (document, actions);
    }
}
