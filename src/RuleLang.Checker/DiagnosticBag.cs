using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Checker;

/// <summary>Collects diagnostics in the order they are found.</summary>
public sealed class DiagnosticBag
{
    private readonly List<PolicyDiagnostic> _items = new();

    public IReadOnlyList<PolicyDiagnostic> Items => _items;

    public bool HasErrors { get; private set; }

    public void Report(DiagnosticDescriptor descriptor, SourceLocation location, params object[] args)
    {
        var diagnostic = PolicyDiagnostic.Create(descriptor, location, args);
        HasErrors |= diagnostic.IsError;
        _items.Add(diagnostic);
    }
}
