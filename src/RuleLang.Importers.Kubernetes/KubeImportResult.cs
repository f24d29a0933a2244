using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Importers.Kubernetes;

/// <summary>
/// The policy made of a cluster's services, and what the importer found on the way: errors (the JSON is not
/// well formed, a field is missing or has the wrong type), warnings, and notes on what kube-proxy skips. The
/// policy is there even with errors, holding what could be read; compile it only when <see cref="Succeeded"/>.
/// </summary>
public sealed record KubeImportResult(Policy Policy, IReadOnlyList<PolicyDiagnostic> Diagnostics)
{
    public bool Succeeded => !Diagnostics.Any(d => d.IsError);
}
