using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Text;

/// <summary>What parsing a .rl file gave: the policy when there were no errors, every diagnostic, and the named definitions.</summary>
public sealed record RlParseResult(
    Policy? Policy,
    IReadOnlyList<PolicyDiagnostic> Diagnostics,
    IReadOnlyList<RlDefinition> Definitions,
    IReadOnlyList<string> IncludedFiles);
