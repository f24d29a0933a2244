namespace RuleLang.Generators.Models;

/// <summary>One typed handle in <c>RuleLang.Generated.Policies</c>: a property <paramref name="Name"/> of type <paramref name="TypeName"/>.</summary>
/// <param name="Name">The property's identifier, unique in the registry (escaped with '@' when it is a keyword).</param>
/// <param name="TypeName">The fully qualified C# name of the policy class.</param>
internal sealed record PolicyHandleSpec(string Name, string TypeName);
