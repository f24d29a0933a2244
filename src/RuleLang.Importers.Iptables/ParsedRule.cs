using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;

namespace RuleLang.Importers.Iptables;

/// <summary>
/// What one rule line gave: the chain it goes to (as written: a built-in chain name or a user chain), its table
/// (from -t, else the one the caller gave) and the rule, which is null when any diagnostic is an error. Every
/// diagnostic points at the line and the column of the token it is about.
/// </summary>
public sealed record ParsedRule(string Chain, TableKind Table, Rule? Rule, IReadOnlyList<PolicyDiagnostic> Diagnostics)
{
    /// <summary>True for -I (insert), false for -A (append).</summary>
    public bool IsInsert { get; init; }

    /// <summary>The rule number given after -I CHAIN, or null (iptables inserts at 1 then).</summary>
    public int? InsertPosition { get; init; }

    public bool Succeeded => Rule is not null && !Diagnostics.Any(d => d.IsError);

    public void Deconstruct(out Rule? rule, out string chain, out IReadOnlyList<PolicyDiagnostic> diagnostics)
    {
        rule = Rule;
        chain = Chain;
        diagnostics = Diagnostics;
    }
}
