using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Sets;

namespace RuleLang.SourceWriters;

/// <summary>
/// The policy's named sets as C# statements, before the tables whose rules test them: <c>var blocklist =
/// p.Set(…);</c> or <c>p.ExternalSet(…)</c>. The DSL's sets hold one value per element; an imported external set
/// tested src,dst is reported (RL3301) and written as a comment, and so are the rules testing it.
/// </summary>
internal static class CSharpSetWriter
{
    /// <returns>The variable each written set is held in, by set name.</returns>
    public static IReadOnlyDictionary<string, string> Declare(StringBuilder text, IReadOnlyList<NamedSet> sets, HashSet<string> usedNames, List<PolicyDiagnostic> diagnostics, string indent)
    {
        var variables = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var set in sets)
        {
            if (set.Dimension != 1)
            {
                diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.NotWritableAsSource, set.Location, $"set '{set.Name}'", "C#",
                    $"its elements have {set.Dimension} values, and the DSL's sets one"));
                text.Append(indent).Append("// not written: set ").Append(CommentText.Clean(set.Name)).Append(" of ").Append(set.Dimension).Append(" values per element\n");
                continue;
            }
            string variable = CSharpSyntax.CamelCase("set", set.Name);
            for (int n = 2; !usedNames.Add(variable) || !CSharpSyntax.IsIdentifier(variable); n++)
            {
                variable = CSharpSyntax.CamelCase("set", set.Name) + n;
            }
            variables[set.Name] = variable;
            text.Append(indent).Append("var ").Append(variable).Append(" = p.");
            string type = "RuleLang.Model.Sets.SetType." + set.Type;
            if (set.External)
            {
                text.Append("ExternalSet(").Append(CSharpSyntax.String(set.Name)).Append(", ").Append(type).Append(");\n");
                continue;
            }
            text.Append("Set(").Append(CSharpSyntax.String(set.Name)).Append(", ").Append(type).Append(", new string[] { ")
                .Append(string.Join(", ", set.Elements.Select(CSharpSyntax.String))).Append(set.Elements.Count == 0 ? "" : " ").Append('}');
            if (set.Timeout is { } timeout)
            {
                text.Append(", timeout: ").Append(CSharpSyntax.Int(timeout));
            }
            text.Append(");\n");
        }
        return variables;
    }
}
