using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RuleLang.Analyzers.Tests;

/// <summary>In-memory compilations of policy code against the DSL as built, as a policy project compiles.</summary>
internal static class TestCompilation
{
    public const string Usings =
        "using RuleLang;\n" +
        "using RuleLang.Model.Netfilter;\n" +
        "using RuleLang.Model.Values;\n";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static ImmutableArray<MetadataReference> References { get; } = Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(PolicyDefinition).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(Model.Policy).Assembly.Location))
        .ToImmutableArray();

    public static CSharpCompilation Create(params (string Path, string Text)[] files) =>
        Create(files, null);

    public static CSharpCompilation Create((string Path, string Text)[] files, SyntaxTreeOptionsProvider? treeOptions)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.Path, System.Text.Encoding.UTF8));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        if (treeOptions != null)
        {
            options = options.WithSyntaxTreeOptionsProvider(treeOptions);
        }
        return CSharpCompilation.Create("Policies", trees, References, options);
    }

    /// <summary>Compiler errors and warnings, so a test case cannot pass on code that does not even compile.</summary>
    public static IReadOnlyList<Diagnostic> CompilerProblems(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
}

/// <summary>
/// Severities from .editorconfig the way csc applies them: the analyzer config set is parsed by Roslyn and each
/// tree's dotnet_diagnostic.*.severity entries are handed to the compilation.
/// </summary>
internal sealed class EditorConfigOptions : SyntaxTreeOptionsProvider
{
    private readonly AnalyzerConfigSet _set;

    public EditorConfigOptions(string editorConfigPath, string text)
    {
        _set = AnalyzerConfigSet.Create(new[] { AnalyzerConfig.Parse(text, editorConfigPath) });
    }

    public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

    public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
        _set.GetOptionsForSourcePath(tree.FilePath).TreeOptions.TryGetValue(diagnosticId, out severity);

    public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
        _set.GlobalConfigOptions.TreeOptions.TryGetValue(diagnosticId, out severity);
}
