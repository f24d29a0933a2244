using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using Scriban;
using Scriban.Runtime;

namespace RuleLang.Backends.Iptables;

/// <summary>
/// Prints a lowered, single-family policy as iptables-restore (or ip6tables-restore) input. The file layout is
/// a Scriban template, parsed once; rule lines come from the RuleFormatter. Output is deterministic: no
/// timestamps, no paths, user chains in the ordinal order iptables-save lists them.
/// </summary>
public static class IptablesBackend
{
    private static readonly Template FileTemplate = TemplateRendering.Load(typeof(IptablesBackend).Assembly, "iptables.sbn");

    public static string Render(Policy policy, IpFamily family)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        Render(policy, family, writer);
        return writer.ToString();
    }

    /// <summary>Streams the ruleset to a writer: a large cluster's text is tens of megabytes, made once.</summary>
    public static void Render(Policy policy, IpFamily family, TextWriter output)
    {
        var formatter = new RuleFormatter(family);
        // An own-chains policy declares only its chains and carries its jumps (docs/ownership.md).
        var layout = policy.Ownership.OwnsChains ? OwnedChainLayout.Of(policy) : null;
        string policyName = policy.Name;
        policy = layout?.Policy ?? policy;
        var ordered = policy.Tables.OrderBy(t => t.Kind).Select(t => (Table: t, Chains: t.ChainsInListingOrder())).ToArray();
        var tables = new ScriptArray();
        for (int i = 0; i < ordered.Length; i++)
        {
            var chains = new ScriptArray();
            foreach (var chain in ordered[i].Chains)
            {
                chains.Add(new ScriptObject
                {
                    ["name"] = chain.Name,
                    ["policy"] = chain.IsBuiltin ? (chain.Policy ?? Model.Values.Verdict.Accept).ToString().ToUpperInvariant() : "-",
                });
            }
            var jumps = new ScriptArray();
            foreach (var jump in layout?.JumpsOf(ordered[i].Table.Kind) ?? Enumerable.Empty<OwnedJump>())
            {
                jumps.Add(new ScriptObject
                {
                    ["placement"] = OwnChainsFormat.PlacementPrefix + jump.Placement,
                    ["line"] = OwnChainsFormat.JumpLine(jump.BuiltinChain, policyName, jump.OwnedChain, jump.Placement.Kind == Model.JumpPlacementKind.First),
                });
            }
            tables.Add(new ScriptObject { ["name"] = ordered[i].Table.Name, ["chains"] = chains, ["jumps"] = jumps, ["index"] = i });
        }

        var model = new ScriptObject
        {
            ["tool_version"] = TemplateRendering.ToolVersion,
            ["policy"] = policy.Name,
            ["own_chains"] = layout is null ? null : OwnChainsFormat.HeaderLine,
            ["command"] = family == IpFamily.IPv4 ? "iptables-restore" : "ip6tables-restore",
            ["tables"] = tables,
        };
        // Rule lines are the formatter's: the template places them, and they are written straight to the
        // output one by one rather than looped over in the template (a cluster has hundreds of thousands).
        var block = TemplateRendering.NewBlock();
        model.Import("write_rules", new Action<TemplateContext, int>((context, index) =>
        {
            foreach (var chain in ordered[index].Chains)
            {
                foreach (var rule in chain.Rules)
                {
                    formatter.AppendTo(block, chain.Name, rule);
                    block.Append('\n');
                    TemplateRendering.Flush(context, block);
                }
            }
            TemplateRendering.Flush(context, block, force: true);
        }));
        TemplateRendering.Render(FileTemplate, model, output);
    }
}
