using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Text.Building;

/// <summary>The diagnostics of one parse, in the order found.</summary>
internal sealed class DiagnosticList
{
    private readonly List<PolicyDiagnostic> _items = new();

    public IReadOnlyList<PolicyDiagnostic> Items => _items;

    public bool HasErrors { get; private set; }

    public void Report(DiagnosticDescriptor descriptor, SourceLocation location, params object[] args) =>
        Add(PolicyDiagnostic.Create(descriptor, location, args));

    public void Add(PolicyDiagnostic diagnostic)
    {
        _items.Add(diagnostic);
        HasErrors |= diagnostic.IsError;
    }
}
