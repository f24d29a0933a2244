namespace RuleLang.Generators.Models;

/// <summary>
/// One .rl policy as the generator compiles it: the class that carries it, the texts to embed, its definitions
/// and every diagnostic of its file (and the files it includes).
/// </summary>
/// <param name="Namespace">The project's root namespace, or empty for the global namespace.</param>
/// <param name="ClassName">The handle class: the file name in PascalCase plus <c>Policy</c>.</param>
/// <param name="PolicyName">The name after <c>policy</c>, which names the emitted files.</param>
/// <param name="Included">Every file the policy includes, with its text, in the order the parser read them.</param>
internal sealed record TextPolicySpec(
    string Namespace,
    string ClassName,
    string PolicyName,
    bool IsPublic,
    RlFileSpec Source,
    EquatableArray<RlFileSpec> Included,
    EquatableArray<RlDefinitionSpec> Definitions,
    EquatableArray<DiagnosticSpec> Diagnostics)
{
    /// <summary>What reflection calls the class (<c>Type.FullName</c>), which orders the registry.</summary>
    public string FullName => Namespace.Length == 0 ? ClassName : Namespace + "." + ClassName;

    public string TypeName => "global::" + FullName;
}
