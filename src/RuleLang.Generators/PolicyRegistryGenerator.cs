using Microsoft.CodeAnalysis;

namespace RuleLang.Generators;

/// <summary>
/// Compiles the project's .rl files (AdditionalFiles) into policy classes, and registers every policy class: <c>RuleLang.Generated.PolicyRegistry.All</c> (one instance of each, in
/// the order of their full names), <c>RuleLang.Generated.Policies.&lt;Name&gt;</c> (a typed handle per class) and
/// <c>[assembly: RuleLang.PolicyRegistry(typeof(RuleLang.Generated.PolicyRegistry))]</c>, so the build tool finds
/// the policies without scanning every type.
/// </summary>
/// <remarks>
/// Policy classes carry no attribute (a class deriving from <c>PolicyDefinition</c> is the whole contract), so
/// <c>ForAttributeWithMetadataName</c> has nothing to key on: a syntax provider picks classes with a base list
/// (a cheap syntactic test) and the parser asks the semantic model whether they derive from PolicyDefinition.
/// Set the MSBuild property <c>RuleLangGeneratedAccessibility</c> to <c>internal</c> (visible to the compiler as
/// <c>build_property.RuleLangGeneratedAccessibility</c>) when one policy assembly references another, so the two
/// registries do not clash (CS0436).
/// A .rl file is parsed and checked inside the compiler (RuleLang.Text, RuleLang.Checker): its diagnostics are
/// reported at their span of the .rl file with the analyzers' descriptors, and it becomes a class deriving from
/// <c>RuleLang.TextPolicyDefinition</c> that embeds its text, registered like a C# policy.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed partial class PolicyRegistryGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var candidates = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => Parser.IsCandidate(node), static (syntax, cancellation) => Parser.Parse(syntax, cancellation))
            .WithTrackingName(TrackingNames.Candidates);

        var policies = candidates
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.Policies);

        var isPublic = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => Parser.IsPublic(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Accessibility);

        // .rl files: each is parsed and checked against all of them (a file may include another; a file listed twice
        // is one policy); an edit to a C# file touches none of these steps.
        var rlFiles = context.AdditionalTextsProvider
            .Where(static file => TextParser.IsRlFile(file))
            .Select(static (file, cancellation) => TextParser.Read(file, cancellation))
            .WithTrackingName(TrackingNames.RlFiles);

        var allRlFiles = rlFiles
            .Collect()
            .Select(static (files, _) => TextParser.All(files))
            .WithTrackingName(TrackingNames.AllRlFiles);

        var textSettings = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => TextParser.Settings(options.GlobalOptions))
            .WithTrackingName(TrackingNames.TextPolicySettings);

        var textPolicies = allRlFiles
            .Combine(textSettings)
            .SelectMany(static (input, cancellation) => TextParser.ParseAll(input.Left, input.Right, cancellation))
            .WithTrackingName(TrackingNames.TextPolicies);

        var textHandles = textPolicies
            .Select(static (spec, _) => TextParser.Handle(spec))
            .WithTrackingName(TrackingNames.TextPolicyHandles);

        var registry = policies
            .Collect()
            .WithTrackingName(TrackingNames.AllPolicies)
            .Combine(textHandles.Collect())
            .WithTrackingName(TrackingNames.AllPoliciesWithText)
            .Combine(isPublic)
            .WithTrackingName(TrackingNames.PoliciesAndAccessibility)
            .Select(static (input, cancellation) => Parser.Registry(input.Left.Left, input.Left.Right, input.Right, cancellation))
            .WithTrackingName(TrackingNames.Registry);

        context.RegisterSourceOutput(textPolicies, static (output, spec) => TextEmitter.Emit(output, spec));
        context.RegisterSourceOutput(registry, static (output, spec) => Emitter.Emit(output, spec));
    }
}
