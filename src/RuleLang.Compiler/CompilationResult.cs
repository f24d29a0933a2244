using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Compiler;

/// <summary>What compiling one policy gave: diagnostics, and rulesets only when there was no error.</summary>
public sealed record CompilationResult(
    Policy Source, Policy? Lowered, IReadOnlyList<PolicyDiagnostic> Diagnostics, IReadOnlyList<EmittedRuleset> Rulesets)
{
    public bool Succeeded => !Diagnostics.Any(d => d.IsError);
}
