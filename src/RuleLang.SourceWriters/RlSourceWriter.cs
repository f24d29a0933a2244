using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.SourceWriters;

/// <summary>
/// Writes a policy as a .rl file following grammar/rulelang.ebnf: a header comment saying where it came from,
/// the policy line, tables in kernel order with their chains in listing order (built-in chains with their
/// policy), one rule per line, then intents and cluster settings. What the grammar cannot say is reported
/// (RL3301) and listed as a comment in its place instead of a rule.
/// </summary>
public static class RlSourceWriter
{
    private const string Indent = "    ";

    public static SourceWriteResult Write(Policy policy, SourceWriterOptions? options = null)
    {
        options ??= new SourceWriterOptions();
        var diagnostics = new List<PolicyDiagnostic>();
        var placement = new UnwrittenPlacement(policy, options.Unwritten);
        var text = new StringBuilder();
        text.Append("# ").Append(CommentText.Clean(options.Origin.Length > 0 ? options.Origin : "policy " + policy.Name)).Append('\n');
        text.Append("# Written by RuleLang. Rules are tested in the order written; see docs/guide.md.\n");
        if (!RlSyntax.IsName(policy.Name))
        {
            diagnostics.Add(Unwritable(policy.Location, $"policy name '{policy.Name}'", "a name is letters, digits, '_', '-' and '.', starting with a letter, digit or '_'"));
        }
        text.Append("policy ").Append(policy.Name).Append('\n');
        RlSetWriter.Declare(text, policy.Sets, diagnostics);

        foreach (var table in policy.Tables.OrderBy(t => t.Kind))
        {
            text.Append('\n').Append("table ").Append(table.Name).Append(" {\n");
            bool first = true;
            foreach (var chain in table.ChainsInListingOrder())
            {
                if (!first)
                {
                    text.Append('\n');
                }
                first = false;
                WriteChain(text, table, chain, placement, diagnostics);
            }
            foreach (var line in placement.AtTableEnd(table.Kind))
            {
                text.Append(Indent).Append("# ").Append(UnwrittenPlacement.Describe(line)).Append('\n');
            }
            text.Append("}\n");
        }

        var intents = new RlIntentWriter(diagnostics);
        var intentLines = policy.Intents.Select(intents.Write).Where(l => l is not null).ToArray();
        var clusterLines = intents.Cluster(policy.Cluster);
        if (intentLines.Length > 0 || clusterLines.Count > 0)
        {
            text.Append('\n');
            foreach (string? line in clusterLines.Concat(intentLines))
            {
                text.Append(line).Append('\n');
            }
        }
        if (placement.AtFileEnd.Count > 0)
        {
            text.Append('\n');
            foreach (var line in placement.AtFileEnd)
            {
                text.Append("# ").Append(UnwrittenPlacement.Describe(line)).Append('\n');
            }
        }
        return new SourceWriteResult(text.ToString(), diagnostics);
    }

    private static void WriteChain(StringBuilder text, Table table, Chain chain, UnwrittenPlacement placement, List<PolicyDiagnostic> diagnostics)
    {
        if (!RlSyntax.IsName(chain.Name))
        {
            diagnostics.Add(Unwritable(chain.Location, $"chain name '{chain.Name}'", "a name is letters, digits, '_', '-' and '.', starting with a letter, digit or '_'"));
        }
        text.Append(Indent).Append("chain ").Append(chain.Name);
        if (chain.IsBuiltin)
        {
            text.Append(" policy ").Append(chain.Policy == Model.Values.Verdict.Drop ? "drop" : "accept");
        }
        text.Append(" {\n");
        var rules = new RlRuleWriter();
        for (int i = 0; i < chain.Rules.Count; i++)
        {
            foreach (var line in placement.BeforeRule(table.Kind, chain.Name, i))
            {
                text.Append(Indent).Append(Indent).Append("# ").Append(UnwrittenPlacement.Describe(line)).Append('\n');
            }
            var rule = chain.Rules[i];
            if (rules.TryWrite(rule, out string written, out string? problem))
            {
                text.Append(Indent).Append(Indent).Append(written).Append('\n');
            }
            else
            {
                diagnostics.Add(Unwritable(rule.Location, $"a rule of chain {chain.Name}", problem!));
                text.Append(Indent).Append(Indent).Append("# not written: ").Append(CommentText.Clean(problem!)).Append('\n');
            }
        }
        foreach (var line in placement.AtChainEnd(table.Kind, chain.Name))
        {
            text.Append(Indent).Append(Indent).Append("# ").Append(UnwrittenPlacement.Describe(line)).Append('\n');
        }
        text.Append(Indent).Append("}\n");
    }

    internal static PolicyDiagnostic Unwritable(SourceLocation location, string what, string why) =>
        PolicyDiagnostic.Create(DiagnosticCatalog.NotWritableAsSource, location, what, ".rl", why);
}
