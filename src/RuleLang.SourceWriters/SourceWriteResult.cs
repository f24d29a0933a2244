using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Diagnostics;

namespace RuleLang.SourceWriters;

/// <summary>
/// The source text and what could not be written in that language (RL3301, at the construct's own location).
/// A construct that cannot be written is left out of the text and listed in it as a comment, never written wrong.
/// </summary>
public sealed record SourceWriteResult(string Text, IReadOnlyList<PolicyDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
