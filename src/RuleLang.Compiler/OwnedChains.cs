using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Backends.Iptables;
using RuleLang.Model;

namespace RuleLang.Compiler;

/// <summary>
/// Contract 1 of issue 12: an own-chains ruleset merged into one family's live tables, and read back out of them
/// (docs/ownership.md). Pure text functions: every line of another owner is copied byte for byte, in order; only
/// the policy's chains and its marked jumps (comment "rulelang:POLICY") are replaced.
/// </summary>
public static class OwnedChains
{
    /// <summary>True when an emitted .iptables/.ip6tables text is an own-chains ruleset (its header says so).</summary>
    public static bool IsOwnChains(string rulesetText) => IsOwnChains(SaveText.Parse(rulesetText));

    private static bool IsOwnChains(SaveText ruleset) =>
        ruleset.Preamble.Any(line => line.StartsWith(OwnChainsFormat.HeaderStart, StringComparison.Ordinal));

    /// <summary>
    /// iptables-restore input (to restore without --noflush) for exactly the tables the ruleset names, each whole:
    /// the live table's foreign chains, policies and rules as they are; the policy's chains as the ruleset has
    /// them; its earlier jumps removed and the ruleset's placed. A chain only an earlier jump of the policy led to
    /// is dropped with that jump, unless another owner's rule still uses it. Idempotent.
    /// </summary>
    /// <exception cref="OwnedChainsException">The ruleset is not an own-chains one, or a placement cannot be honoured.</exception>
    public static string Merge(string liveSave, string ruleset)
    {
        var (live, emitted, marker) = Read(liveSave, ruleset);
        var output = new StringBuilder();
        // In the host's table order, so that its lines come back out in the order it listed them.
        var tables = emitted.Tables.OrderBy(t => live.Tables.FindIndex(l => l.Name == t.Name) is var i and >= 0 ? i : int.MaxValue);
        foreach (var table in tables)
        {
            var current = live.Find(table.Name) ?? new SaveTable(table.Name);
            var owned = new HashSet<string>(table.Declarations.Select(d => d.Name), StringComparer.Ordinal);
            var kept = current.Rules.Where(r => !IsMarked(r, marker) && !owned.Contains(r.Chain)).ToList();
            var stale = StaleChains(current, marker, owned, kept);
            var declarations = current.Declarations.Where(d => !owned.Contains(d.Name) && !stale.Contains(d.Name)).ToList();

            output.Append('*').Append(table.Name).Append('\n');
            foreach (var declaration in declarations.Concat(table.Declarations))
            {
                output.Append(declaration.Line).Append('\n');
            }
            var jumps = table.Rules.Where(r => IsMarked(r, marker)).ToList();
            foreach (var declaration in declarations)
            {
                var rules = kept.Where(r => r.Chain == declaration.Name && !stale.Contains(r.Chain)).Select(r => r.Line).ToList();
                foreach (var jump in jumps.Where(j => j.Chain == declaration.Name))
                {
                    rules.Insert(Position(jump, kept.Where(r => r.Chain == declaration.Name).ToList(), table.Name), AppendForm(jump));
                }
                AppendLines(output, rules);
            }
            foreach (var jump in jumps.Where(j => declarations.All(d => d.Name != j.Chain)))
            {
                // A table the host has not loaded yet: its built-in chains are empty, so any placement but a named one holds.
                Position(jump, new List<SaveRule>(), table.Name);
                output.Append(AppendForm(jump)).Append('\n');
            }
            AppendLines(output, table.Rules.Where(r => owned.Contains(r.Chain)).Select(r => r.Line));
            output.Append("COMMIT\n");
        }
        return output.ToString();
    }

    /// <summary>
    /// What of <paramref name="liveSave"/> the policy owns, in the emitted ruleset's form: its header, and per
    /// table its chains (counters zeroed), its jumps (with the ruleset's own lines when a jump stands where the
    /// ruleset places it, else "# rulelang: jump at N" and the live line), and its chains' rules. Equal to the
    /// ruleset, byte for byte, when the host runs it unchanged.
    /// </summary>
    public static string Extract(string liveSave, string ruleset)
    {
        var (live, emitted, marker) = Read(liveSave, ruleset);
        var output = new StringBuilder();
        AppendLines(output, emitted.Preamble);
        foreach (var table in emitted.Tables)
        {
            var current = live.Find(table.Name);
            if (current is null)
            {
                continue;
            }
            var ownJumps = current.Rules.Where(r => IsMarked(r, marker)).ToList();
            var owned = table.Declarations.Select(d => d.Name)
                .Concat(ownJumps.Select(j => j.Target).OfType<string>())
                .Distinct(StringComparer.Ordinal)
                .Where(name => current.Declarations.Any(d => d.Name == name))
                .ToList();
            output.Append('*').Append(table.Name).Append('\n');
            AppendLines(output, owned.Select(name => current.Declarations.First(d => d.Name == name).WithoutCounters));
            foreach (var jump in ownJumps)
            {
                var chainRules = current.Rules.Where(r => r.Chain == jump.Chain).ToList();
                int at = chainRules.IndexOf(jump);
                var foreign = chainRules.Where(r => !IsMarked(r, marker)).ToList();
                var wanted = table.Rules.FirstOrDefault(r => IsMarked(r, marker) && r.Chain == jump.Chain && r.Target == jump.Target);
                if (wanted is not null && TryPosition(wanted, foreign, out int expected) && expected == at)
                {
                    output.Append(wanted.Before).Append('\n').Append(wanted.Line).Append('\n');
                }
                else
                {
                    output.Append(OwnChainsFormat.PlacementPrefix).Append("at ").Append(at + 1).Append('\n').Append(jump.WithoutCounters).Append('\n');
                }
            }
            AppendLines(output, owned.SelectMany(name => current.RulesOf(name)).Select(r => r.WithoutCounters));
            output.Append("COMMIT\n");
        }
        return output.ToString();
    }

    private static (SaveText Live, SaveText Emitted, string Marker) Read(string liveSave, string ruleset)
    {
        var emitted = SaveText.Parse(ruleset);
        if (!IsOwnChains(emitted))
        {
            throw new OwnedChainsException("the ruleset is not an own-chains ruleset (its header does not say \"owns chains\"); a whole-tables ruleset is restored as it is");
        }
        return (SaveText.Parse(liveSave), emitted, OwnChainsFormat.Marker(PolicyName(emitted)));
    }

    /// <summary>The policy's name, from the header every RuleLang ruleset starts with.</summary>
    private static string PolicyName(SaveText ruleset)
    {
        const string From = " from policy ";
        foreach (string line in ruleset.Preamble)
        {
            int at = line.IndexOf(From, StringComparison.Ordinal);
            if (line.StartsWith("# Generated by RuleLang ", StringComparison.Ordinal) && at > 0)
            {
                return SaveText.FirstWord(line.Substring(at + From.Length));
            }
        }
        throw new OwnedChainsException("the ruleset has no \"Generated by RuleLang … from policy NAME\" header, so its jumps cannot be told from other owners' rules");
    }

    private static bool IsMarked(SaveRule rule, string marker) => rule.Comments.Contains(marker);

    /// <summary>Chains only the policy's earlier jumps led to, no longer in the ruleset and used by no other rule.</summary>
    private static HashSet<string> StaleChains(SaveTable current, string marker, HashSet<string> owned, List<SaveRule> kept)
    {
        var stale = new HashSet<string>(
            current.Rules.Where(r => IsMarked(r, marker) && r.Target is not null && !owned.Contains(r.Target)).Select(r => r.Target!),
            StringComparer.Ordinal);
        stale.RemoveWhere(chain => kept.Any(r => r.Chain != chain && r.JumpsTo(chain)));
        return stale;
    }

    private static int Position(SaveRule jump, List<SaveRule> foreign, string table)
    {
        if (TryPosition(jump, foreign, out int index))
        {
            return index;
        }
        string anchor = Placement(jump)?.Anchor ?? "";
        throw new OwnedChainsException(
            $"cannot place the jump into {jump.Target} {Placement(jump)}: chain {jump.Chain} of table {table} has no rule that jumps to {anchor}; start the other owner first, or place the jump first or last");
    }

    /// <summary>Where the jump goes among the other owners' rules of its chain, as its placement line says.</summary>
    private static bool TryPosition(SaveRule jump, List<SaveRule> foreign, out int index)
    {
        var placement = Placement(jump) ?? JumpPlacement.First;
        index = placement.Kind switch
        {
            JumpPlacementKind.First => 0,
            JumpPlacementKind.Last => foreign.Count,
            JumpPlacementKind.Before => foreign.FindIndex(r => r.JumpsTo(placement.Anchor!)),
            _ => foreign.FindIndex(r => r.JumpsTo(placement.Anchor!)) is var i and >= 0 ? i + 1 : -1,
        };
        return index >= 0;
    }

    private static JumpPlacement? Placement(SaveRule jump) =>
        jump.Before is { } line && line.StartsWith(OwnChainsFormat.PlacementPrefix, StringComparison.Ordinal)
        && JumpPlacement.TryParse(line.Substring(OwnChainsFormat.PlacementPrefix.Length), out var placement)
            ? placement
            : null;

    /// <summary>The jump as iptables-save lists it: "-I CHAIN 1 …" becomes "-A CHAIN …" (the chain is written whole, in order).</summary>
    private static string AppendForm(SaveRule jump)
    {
        string insert = "-I " + jump.Chain + " 1 ";
        return jump.Line.StartsWith(insert, StringComparison.Ordinal) ? "-A " + jump.Chain + " " + jump.Line.Substring(insert.Length) : jump.Line;
    }

    private static void AppendLines(StringBuilder output, IEnumerable<string> lines)
    {
        foreach (string line in lines)
        {
            output.Append(line).Append('\n');
        }
    }
}
