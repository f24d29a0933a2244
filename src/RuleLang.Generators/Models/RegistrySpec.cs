namespace RuleLang.Generators.Models;

/// <summary>Everything the emitter writes: the policies in registry order, and whether the generated types are public.</summary>
internal sealed record RegistrySpec(EquatableArray<PolicyHandleSpec> Policies, bool IsPublic);
