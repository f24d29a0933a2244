using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RuleLang.Dsl.Tests;

/// <summary>
/// Compiles statements inside a policy's Define method, in memory, against the DSL as built, and reports the
/// compiler's errors with their 1-based line in the snippet.
/// </summary>
internal static class SnippetCompiler
{
    private const string Prefix =
        "using RuleLang;\n" +
        "using RuleLang.Model.Netfilter;\n" +
        "using RuleLang.Model.Values;\n" +
        "public sealed class Snippet : PolicyDefinition\n" +
        "{\n" +
        "    public override string Name => \"snippet\";\n" +
        "    protected override void Define(PolicyBuilder p)\n" +
        "    {\n";

    private const string Suffix = "\n    }\n}\n";

    private static readonly int PrefixLines = Prefix.Count(c => c == '\n');

    private static readonly ImmutableArray<MetadataReference> References = Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(PolicyDefinition).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(Model.Policy).Assembly.Location))
        .ToImmutableArray();

    /// <summary>Errors as (line within the snippet, "CSxxxx: message").</summary>
    public static IReadOnlyList<(int Line, string Text)> Errors(string statements)
    {
        var tree = CSharpSyntaxTree.ParseText(
            Prefix + statements + Suffix,
            new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create(
            "Snippet",
            new[] { tree },
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => (d.Location.GetLineSpan().StartLinePosition.Line + 1 - PrefixLines, $"{d.Id}: {d.GetMessage()}"))
            .ToArray();
    }
}
