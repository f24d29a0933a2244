using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.SourceWriters;

/// <summary>
/// Writes a policy as a C# file: one <c>PolicyDefinition</c> subclass using the typed DSL, as the examples are
/// written. Tables in kernel order, user chains declared first (jumps need them), then each chain's policy and
/// rules in listing order, one statement per rule. What the DSL cannot express is reported (RL3301) and written
/// as a comment in its place, so the file always compiles.
/// </summary>
public static class CSharpSourceWriter
{
    private const string Body = "        ";

    /// <summary>Whether a namespace can be written as given: identifiers separated by '.', none a keyword.</summary>
    public static bool IsNamespace(string @namespace) => CSharpSyntax.IsNamespace(@namespace);

    public static SourceWriteResult Write(Policy policy, string @namespace, string className, SourceWriterOptions? options = null)
    {
        options ??= new SourceWriterOptions();
        var diagnostics = new List<PolicyDiagnostic>();
        if (!CSharpSyntax.IsNamespace(@namespace))
        {
            diagnostics.Add(Unwritable(policy.Location, $"namespace '{@namespace}'", "it is not a C# namespace name"));
            @namespace = "ImportedPolicies";
        }
        if (!CSharpSyntax.IsIdentifier(className))
        {
            diagnostics.Add(Unwritable(policy.Location, $"class name '{className}'", "it is not a C# identifier"));
            className = "ImportedPolicy";
        }
        var placement = new UnwrittenPlacement(policy, options.Unwritten);
        var text = new StringBuilder();
        text.Append("// ").Append(CommentText.Clean(options.Origin.Length > 0 ? options.Origin : "policy " + policy.Name)).Append('\n');
        text.Append("// Written by RuleLang; rules are tested in the order written.\n");
        text.Append("using RuleLang;\nusing RuleLang.Model.Netfilter;\nusing RuleLang.Model.Values;\n\n");
        text.Append("namespace ").Append(@namespace).Append(";\n\n");
        text.Append("public sealed class ").Append(className).Append(" : PolicyDefinition\n{\n");
        text.Append("    public override string Name => ").Append(CSharpSyntax.String(policy.Name)).Append(";\n\n");
        text.Append("    protected override void Define(PolicyBuilder p)\n    {\n");

        bool firstBlock = true;
        foreach (var line in ClusterLines(policy.Cluster))
        {
            text.Append(Body).Append(line).Append('\n');
            firstBlock = false;
        }
        var usedNames = new HashSet<string>(System.StringComparer.Ordinal) { "p" };
        var setVariables = CSharpSetWriter.Declare(text, policy.Sets, usedNames, diagnostics, Body);
        firstBlock &= policy.Sets.Count == 0;
        foreach (var table in policy.Tables.OrderBy(t => t.Kind))
        {
            if (!firstBlock)
            {
                text.Append('\n');
            }
            firstBlock = false;
            WriteTable(text, table, placement, usedNames, setVariables, diagnostics);
        }
        if (policy.Intents.Count > 0)
        {
            text.Append('\n');
            foreach (var intent in policy.Intents)
            {
                text.Append(Body).Append(CSharpIntentWriter.Write(intent, diagnostics)).Append('\n');
            }
        }
        foreach (var line in placement.AtFileEnd)
        {
            text.Append(Body).Append("// ").Append(UnwrittenPlacement.Describe(line)).Append('\n');
        }
        text.Append("    }\n}\n");
        return new SourceWriteResult(text.ToString(), diagnostics);
    }

    private static void WriteTable(StringBuilder text, Table table, UnwrittenPlacement placement, HashSet<string> usedNames, IReadOnlyDictionary<string, string> setVariables, List<PolicyDiagnostic> diagnostics)
    {
        string tableExpression = "p." + char.ToUpperInvariant(table.Name[0]) + table.Name.Substring(1);
        var chains = table.ChainsInListingOrder();
        var variables = new Dictionary<string, string>(System.StringComparer.Ordinal);
        text.Append(Body).Append("// table ").Append(table.Name).Append('\n');
        foreach (var chain in chains.Where(c => !c.IsBuiltin))
        {
            string variable = CSharpSyntax.CamelCase(table.Name, chain.Name);
            for (int n = 2; !usedNames.Add(variable) || !CSharpSyntax.IsIdentifier(variable); n++)
            {
                variable = CSharpSyntax.CamelCase(table.Name, chain.Name) + n;
            }
            variables[chain.Name] = variable;
            text.Append(Body).Append("var ").Append(variable).Append(" = ").Append(tableExpression).Append(".Chain(").Append(CSharpSyntax.String(chain.Name)).Append(");\n");
        }
        // A table is in the policy when one of its chains was touched: an otherwise empty table is kept by stating a policy.
        bool empty = chains.All(c => c.IsBuiltin && c.Rules.Count == 0 && c.Policy != Verdict.Drop);
        foreach (var chain in chains)
        {
            string expression = chain.IsBuiltin ? tableExpression + "." + BuiltinProperty(chain.Hook!.Value) : variables[chain.Name];
            if (chain.IsBuiltin && (chain.Policy == Verdict.Drop || (empty && chain == chains[0])))
            {
                text.Append(Body).Append(expression).Append(".Policy(Verdict.").Append(chain.Policy ?? Verdict.Accept).Append(");\n");
            }
            var writer = new CSharpRuleWriter(table.Kind, chain.Hook, variables) { SetVariables = setVariables };
            for (int i = 0; i < chain.Rules.Count; i++)
            {
                foreach (var line in placement.BeforeRule(table.Kind, chain.Name, i))
                {
                    text.Append(Body).Append("// ").Append(UnwrittenPlacement.Describe(line)).Append('\n');
                }
                var rule = chain.Rules[i];
                if (writer.TryWrite(expression, rule, out string statement, out string? problem))
                {
                    text.Append(Body).Append(statement).Append('\n');
                }
                else
                {
                    diagnostics.Add(Unwritable(rule.Location, $"a rule of chain {chain.Name}", problem!));
                    text.Append(Body).Append("// not written (").Append(CommentText.Clean(chain.Name)).Append("): ").Append(CommentText.Clean(problem!)).Append('\n');
                }
            }
            foreach (var line in placement.AtChainEnd(table.Kind, chain.Name))
            {
                text.Append(Body).Append("// ").Append(UnwrittenPlacement.Describe(line)).Append('\n');
            }
        }
        foreach (var line in placement.AtTableEnd(table.Kind))
        {
            text.Append(Body).Append("// ").Append(UnwrittenPlacement.Describe(line)).Append('\n');
        }
    }

    private static IEnumerable<string> ClusterLines(ClusterSettings cluster)
    {
        if (cluster.ClusterCidr is { } cidr)
        {
            yield return $"p.ClusterCidr({CSharpSyntax.String(cidr)});";
        }
        if (cluster.MasqueradeBit != ClusterSettings.Default.MasqueradeBit)
        {
            yield return $"p.MasqueradeBit({CSharpSyntax.Int(cluster.MasqueradeBit)});";
        }
        var defaults = ClusterSettings.Default;
        if (cluster.MasqueradeAll)
        {
            yield return "p.MasqueradeAll();";
        }
        if (cluster.RandomFully != defaults.RandomFully)
        {
            yield return $"p.RandomFully({(cluster.RandomFully ? "true" : "false")});";
        }
        if (cluster.LocalhostNodePorts != defaults.LocalhostNodePorts)
        {
            yield return $"p.LocalhostNodePorts({(cluster.LocalhostNodePorts ? "true" : "false")});";
        }
        if (cluster.NfacctCounters)
        {
            yield return "p.NfacctCounters(true);";
        }
        if (cluster.NodePortAddresses.Count > 0)
        {
            yield return $"p.NodePortAddresses({string.Join(", ", cluster.NodePortAddresses.Select(CSharpSyntax.String))});";
        }
        if (cluster.NodeIps.Count > 0)
        {
            yield return $"p.NodeIps({string.Join(", ", cluster.NodeIps.Select(CSharpSyntax.String))});";
        }
        foreach (string serviceCidr in cluster.ServiceCidrs)
        {
            yield return $"p.ServiceCidr({CSharpSyntax.String(serviceCidr)});";
        }
    }

    private static string BuiltinProperty(Hook hook) => hook switch
    {
        Hook.Prerouting => "Prerouting",
        Hook.Input => "Input",
        Hook.Forward => "Forward",
        Hook.Output => "Output",
        _ => "Postrouting",
    };

    private static PolicyDiagnostic Unwritable(SourceLocation location, string what, string why) =>
        PolicyDiagnostic.Create(DiagnosticCatalog.NotWritableAsSource, location, what, "C#", why);
}
