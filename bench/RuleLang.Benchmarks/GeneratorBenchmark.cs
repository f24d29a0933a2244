using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using RuleLang.Analyzers;
using RuleLang.Generators;

namespace RuleLang.Benchmarks;

/// <summary>
/// What the analyzers and the registry generator cost the compiler on a project of 1,000 rules (10 policy classes
/// × 100 rules, every rule with constant addresses, ports, names and comments for the analyzer to check).
/// <c>CompileOnly</c> (binding and compiler diagnostics) is the baseline the analyzer run is compared with, since
/// analyzing operations needs the same binding; the generator is timed cold (a new driver, as a command-line
/// build runs it) and warm (the IDE's case: one policy body edited, the driver reused).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class GeneratorBenchmark
{
    private const int Policies = 10;
    private const int RulesPerPolicy = 100;

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warm = null!;
    private bool _flip;

    [GlobalSetup]
    public void Setup()
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = Enumerable.Range(0, Policies)
            .Select(i => CSharpSyntaxTree.ParseText(PolicySource(i), parse, $"/src/Policy{i}.cs", Encoding.UTF8))
            .ToArray();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => p.Length > 0)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(PolicyDefinition).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Model.Policy).Assembly.Location))
            .DistinctBy(r => Path.GetFileName(r.Display))
            .ToArray();
        _compilation = CSharpCompilation.Create(
            "Policies",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = _compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0)
        {
            throw new InvalidOperationException("The generated project does not compile: " + errors[0]);
        }
        var first = trees[0];
        string text = first.GetText().ToString();
        _edited = _compilation.ReplaceSyntaxTree(first, first.WithChangedText(SourceText.From(text.Replace("DestinationPort(1000)", "DestinationPort(1001)", StringComparison.Ordinal))));
        _warm = NewDriver().RunGenerators(_compilation);
        int reported = Analyze().Length;
        Console.WriteLine($"// {Policies * RulesPerPolicy} rules; analyzer diagnostics: {reported} (RL0102 for the networks written with host bits set)");
    }

    [Benchmark(Baseline = true)]
    public int CompileOnly() => _compilation.Clone().GetDiagnostics().Length;

    [Benchmark]
    public int CompileWithAnalyzers() => Analyze().Length;

    /// <summary>The analyzer driver and operation trees alone: an analyzer that subscribes to the same operations and does nothing.</summary>
    [Benchmark]
    public int CompileWithEmptyAnalyzer() =>
        _compilation.Clone()
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Length;

    [Benchmark]
    public int GeneratorCold() => NewDriver().RunGenerators(_compilation.Clone()).GetRunResult().GeneratedTrees.Length;

    [Benchmark]
    public int GeneratorWarmAfterEdit()
    {
        _flip = !_flip;
        _warm = _warm.RunGenerators(_flip ? _edited : _compilation);
        return _warm.GetRunResult().GeneratedTrees.Length;
    }

    private ImmutableArray<Diagnostic> Analyze() =>
        _compilation.Clone()
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ValueAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(new[] { new PolicyRegistryGenerator().AsSourceGenerator() }, parseOptions: new CSharpParseOptions(LanguageVersion.Latest));

    // A stand-in handed straight to CompileWithAnalyzers, never loaded by a compiler: no [DiagnosticAnalyzer].
#pragma warning disable RS1001, RS2008
    private sealed class EmptyAnalyzer : DiagnosticAnalyzer
    {
        // One descriptor, never reported: an analyzer that supports none is skipped by the driver altogether.
        private static readonly DiagnosticDescriptor Never = new("BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(static _ => { }, OperationKind.Invocation, OperationKind.Return);
        }
    }
#pragma warning restore RS1001, RS2008

    /// <summary>One policy class of 100 rules in the shapes real policies use.</summary>
    private static string PolicySource(int index)
    {
        var source = new StringBuilder();
        source.Append("using RuleLang;\nusing RuleLang.Model.Netfilter;\nusing RuleLang.Model.Values;\n\n");
        source.Append("namespace Bench.Policies;\n\n");
        source.Append($"public sealed class Site{index}Policy : PolicyDefinition\n{{\n");
        source.Append($"    public override string Name => \"site-{index}\";\n\n");
        source.Append("    protected override void Define(PolicyBuilder p)\n    {\n");
        source.Append("        var input = p.Filter.Input;\n        input.Policy(Verdict.Drop);\n");
        for (int rule = 0; rule < RulesPerPolicy; rule++)
        {
            string network = rule % 50 == 49 ? $"10.{index}.{rule}.1/24" : $"10.{index}.{rule}.0/24";
            source.Append((rule % 4) switch
            {
                0 => $"        input.Tcp().Source(\"{network}\").DestinationPort({1000 + rule}).Comment(\"rule {rule}\").Accept();\n",
                1 => $"        input.Udp().InInterface(\"eth{rule % 8}\").Destination(\"{network}\").DestinationPorts({rule + 1}, {rule + 2}, {rule + 3}).Accept();\n",
                2 => $"        p.Nat.Prerouting.Tcp().Destination(\"192.0.2.{rule}\").DestinationPort({2000 + rule}).Dnat(\"10.{index}.{rule}.2\", 8080);\n",
                _ => $"        p.Filter.Chain(\"CHAIN-{rule}\").Tcp().DestinationPortRange({rule + 1}, {rule + 100}).Random(0.5).Log(\"audit {rule}: \");\n",
            });
        }
        source.Append("    }\n}\n");
        return source.ToString();
    }
}
