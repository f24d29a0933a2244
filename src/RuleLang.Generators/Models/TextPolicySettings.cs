namespace RuleLang.Generators.Models;

/// <summary>
/// The MSBuild properties the .rl handles depend on. <paramref name="IncludeFolders"/>: the folders whose files an
/// include may name (the project folder and RuleLangIncludeDirs); empty when the build does not say (any file).
/// </summary>
internal sealed record TextPolicySettings(string Namespace, bool IsPublic, EquatableArray<string> IncludeFolders);
