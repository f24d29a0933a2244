using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Text.Building;

/// <summary>
/// The definitions of one parse, own and included, in the order defined. A use before the definition is
/// reported only at the end, once it is known whether a definition comes later (RL0407) or never (RL0406).
/// </summary>
internal sealed class DefinitionTable
{
    private readonly Dictionary<string, RlDefinition> _byName = new(System.StringComparer.Ordinal);
    private readonly List<RlDefinition> _all = new();
    private readonly List<(string Name, SourceLocation At)> _unresolved = new();

    public IReadOnlyList<RlDefinition> All => _all;

    /// <summary>The named sets declared so far, by name (the first of a name; the checker reports a second, RL1222).</summary>
    public Dictionary<string, Model.Sets.NamedSet> Sets { get; } = new(System.StringComparer.Ordinal);

    public bool TryAdd(RlDefinition definition, out RlDefinition? existing)
    {
        if (_byName.TryGetValue(definition.Name, out existing))
        {
            return false;
        }
        _byName.Add(definition.Name, definition);
        _all.Add(definition);
        return true;
    }

    /// <summary>The definition as known at this point of the file, or null (reported later).</summary>
    public RlDefinition? Use(string name, SourceLocation at)
    {
        if (_byName.TryGetValue(name, out var definition))
        {
            return definition;
        }
        _unresolved.Add((name, at));
        return null;
    }

    public void ReportUnresolved(DiagnosticList diagnostics)
    {
        foreach (var (name, at) in _unresolved)
        {
            if (_byName.TryGetValue(name, out var later))
            {
                diagnostics.Report(DiagnosticCatalog.RlDefinitionUsedBeforeDefined, at, name, later.Location.ToString());
            }
            else
            {
                diagnostics.Report(DiagnosticCatalog.RlUnknownDefinition, at, name);
            }
        }
    }
}
