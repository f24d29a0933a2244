using System.Collections.Generic;
using RuleLang.Compiler.Files;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Compiler;

/// <summary>
/// C# caller-info gives a line but no column; where the source file is at hand this points the column at the
/// first character of that line's code, so IDEs and CI logs underline the statement.
/// </summary>
public static class SourceColumns
{
    public static IReadOnlyList<PolicyDiagnostic> Resolve(IEnumerable<PolicyDiagnostic> diagnostics)
    {
        var cache = new Dictionary<string, string[]?>();
        var resolved = new List<PolicyDiagnostic>();
        foreach (var diagnostic in diagnostics)
        {
            resolved.Add(diagnostic with { Location = Resolve(diagnostic.Location, cache) });
        }
        return resolved;
    }

    private static SourceLocation Resolve(SourceLocation location, Dictionary<string, string[]?> cache)
    {
        if (!location.IsKnown || location.Column > 0)
        {
            return location;
        }
        if (!cache.TryGetValue(location.File, out var lines))
        {
            // A location names a file the user wrote; still, it is read as any other input: bounded, regular files only.
            lines = BoundedFile.TryRead(location.File, BoundedFile.InputLimit, null, out byte[] bytes, out _)
                ? System.Text.Encoding.UTF8.GetString(bytes).Split('\n')
                : null;
            cache[location.File] = lines;
        }
        if (lines is null || location.Line > lines.Length)
        {
            return location with { Column = 1 };
        }
        string line = lines[location.Line - 1];
        int column = 0;
        while (column < line.Length && char.IsWhiteSpace(line[column]))
        {
            column++;
        }
        return location with { Column = column + 1 };
    }
}
