using Microsoft.CodeAnalysis;

namespace RuleLang.Generators;

/// <summary>
/// Registers the project's policy classes: <c>RuleLang.Generated.PolicyRegistry.All</c> (one instance of each, in
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

        var registry = policies
            .Collect()
            .WithTrackingName(TrackingNames.AllPolicies)
            .Combine(isPublic)
            .WithTrackingName(TrackingNames.PoliciesAndAccessibility)
            .Select(static (input, cancellation) => Parser.Registry(input.Left, input.Right, cancellation))
            .WithTrackingName(TrackingNames.Registry);

        context.RegisterSourceOutput(registry, static (output, spec) => Emitter.Emit(output, spec));
    }
}
