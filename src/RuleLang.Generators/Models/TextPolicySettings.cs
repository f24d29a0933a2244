namespace RuleLang.Generators.Models;

/// <summary>The MSBuild properties the .rl handles depend on.</summary>
internal sealed record TextPolicySettings(string Namespace, bool IsPublic);
