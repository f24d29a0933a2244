using System.Collections.Generic;
using System.Globalization;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Text.Building;

/// <summary>The diagnostics of one parse, in the order found.</summary>
internal sealed class DiagnosticList
{
    private readonly List<PolicyDiagnostic> _items = new();

    public IReadOnlyList<PolicyDiagnostic> Items => _items;

    public bool HasErrors { get; private set; }

    public void Report(DiagnosticDescriptor descriptor, SourceLocation location, params object[] args)
    {
        _items.Add(new PolicyDiagnostic(descriptor, string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, args), location));
        HasErrors |= descriptor.DefaultSeverity == Severity.Error;
    }

    public void Add(PolicyDiagnostic diagnostic)
    {
        _items.Add(diagnostic);
        HasErrors |= diagnostic.IsError;
    }
}
