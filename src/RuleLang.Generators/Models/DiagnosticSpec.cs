namespace RuleLang.Generators.Models;

/// <summary>A checker or parser diagnostic for a .rl file: the catalogue ID, the checker's own sentence, and where.</summary>
internal sealed record DiagnosticSpec(string Id, string Message, LocationInfo Location);
