using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Symbolic;

/// <summary>A rule by its place (table, chain, position from 1), or a built-in chain's policy (no rule).</summary>
public sealed record RuleRef(TableKind Table, string Chain, int Position, Rule? Rule)
{
    public bool IsPolicy => Rule is null;

    public SourceLocation Location => Rule?.Location ?? SourceLocation.None;

    public string Place => NetfilterFacts.TableName(Table) + " " + Chain + (IsPolicy ? " policy" : " rule " + Position.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>"filter INPUT rule 3 (Web.cs(12,9))": the place, and where it was written when known.</summary>
    public override string ToString() => Location.IsKnown || Location.File.Length > 0 ? Place + " (" + Where + ")" : Place;

    /// <summary>The location as diagnostics print it: a C# call site has no column, shown as 1.</summary>
    public string Where => Location.IsKnown
        ? Location.File + "(" + Location.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ","
            + System.Math.Max(1, Location.Column).ToString(System.Globalization.CultureInfo.InvariantCulture) + ")"
        : Location.File;
}
