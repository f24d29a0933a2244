using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Importers.Iptables;

/// <summary>
/// What importing one or two dumps gave: the policy of everything the model could hold (always returned, so a
/// caller can write what was understood), every diagnostic, and the lines left out, each one also reported.
/// </summary>
public sealed record DumpImportResult(Policy Policy, IReadOnlyList<PolicyDiagnostic> Diagnostics, IReadOnlyList<UnimportedLine> Unimported)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
