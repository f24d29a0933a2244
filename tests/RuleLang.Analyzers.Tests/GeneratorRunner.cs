using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using RuleLang.Generators;

namespace RuleLang.Analyzers.Tests;

/// <summary>Runs <see cref="PolicyRegistryGenerator"/> in a driver that tracks its steps, as the IDE runs it.</summary>
internal static class GeneratorRunner
{
    public static GeneratorDriver CreateDriver(IReadOnlyDictionary<string, string>? buildProperties = null) =>
        CreateDriver(buildProperties, Array.Empty<AdditionalText>());

    /// <summary>A driver that also hands the generator <paramref name="additionalFiles"/>, as MSBuild's AdditionalFiles.</summary>
    public static GeneratorDriver CreateDriver(IReadOnlyDictionary<string, string>? buildProperties, IEnumerable<AdditionalText> additionalFiles) =>
        CSharpGeneratorDriver.Create(
            new[] { new PolicyRegistryGenerator().AsSourceGenerator() },
            additionalTexts: additionalFiles,
            parseOptions: TestCompilation.ParseOptions,
            optionsProvider: new BuildProperties(buildProperties ?? new Dictionary<string, string>()),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>The generated file's text, or null when the generator wrote nothing.</summary>
    public static string? Generated(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().GeneratedSources.SingleOrDefault().SourceText?.ToString();

    /// <summary>The generated file whose hint name ends with <paramref name="suffix"/>, or null.</summary>
    public static string? Generated(GeneratorDriver driver, string suffix) =>
        driver.GetRunResult().Results.Single().GeneratedSources
            .Where(s => s.HintName.EndsWith(suffix, StringComparison.Ordinal))
            .Select(s => s.SourceText.ToString())
            .SingleOrDefault();

    private sealed class BuildProperties : AnalyzerConfigOptionsProvider
    {
        public BuildProperties(IReadOnlyDictionary<string, string> properties)
        {
            GlobalOptions = new Options(properties.ToDictionary(p => "build_property." + p.Key, p => p.Value));
        }

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;
    }

    private sealed class Options : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        private readonly Dictionary<string, string> _values;

        public Options(Dictionary<string, string> values)
        {
            _values = values;
        }

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
