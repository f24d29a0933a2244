using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Importers.Kubernetes;

/// <summary>Collects the importer's diagnostics, each at the line and column of the JSON path it is about.</summary>
internal sealed class ImportReporter
{
    private readonly JsonPositions _positions;

    public ImportReporter(JsonPositions positions) => _positions = positions;

    public List<PolicyDiagnostic> Diagnostics { get; } = new();

    public SourceLocation Locate(string path) => _positions.Locate(path);

    public void Report(DiagnosticDescriptor descriptor, string path, params object[] args) =>
        Diagnostics.Add(PolicyDiagnostic.Create(descriptor, _positions.Locate(path), args));

    /// <summary>RL0502: a field that is missing, of the wrong JSON type or out of its range.</summary>
    public void BadField(string path, string problem, string expected) =>
        Report(DiagnosticCatalog.KubeBadField, path, DisplayPath(path), problem, expected);

    /// <summary>items[3].spec.ports[0] → .items[3].spec.ports[0], the way kubectl's JSONPath writes it.</summary>
    public static string DisplayPath(string path) => path.Length == 0 ? "the document" : (path[0] == '[' ? path : "." + path);
}
