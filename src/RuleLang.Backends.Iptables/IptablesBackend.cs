using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
    private static readonly Template FileTemplate = LoadTemplate("iptables.sbn");

    public static string ToolVersion { get; } =
        typeof(IptablesBackend).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static string Render(Policy policy, IpFamily family)
    {
        var formatter = new RuleFormatter(family);
        var tables = new ScriptArray();
        foreach (var table in policy.Tables.OrderBy(t => t.Kind))
        {
            var ordered = OrderChains(table);
            var chains = new ScriptArray();
            var rules = new ScriptArray();
            foreach (var chain in ordered)
            {
                chains.Add(new ScriptObject
                {
                    ["name"] = chain.Name,
                    ["policy"] = chain.IsBuiltin ? (chain.Policy ?? Model.Values.Verdict.Accept).ToString().ToUpperInvariant() : "-",
                });
                foreach (var rule in chain.Rules)
                {
                    rules.Add(formatter.Format(chain.Name, rule));
                }
            }
            tables.Add(new ScriptObject { ["name"] = table.Name, ["chains"] = chains, ["rules"] = rules });
        }

        var model = new ScriptObject
        {
            ["tool_version"] = ToolVersion,
            ["policy"] = policy.Name,
            ["command"] = family == IpFamily.IPv4 ? "iptables-restore" : "ip6tables-restore",
            ["tables"] = tables,
        };
        var context = new TemplateContext { StrictVariables = true, NewLine = "\n", LoopLimit = 0 };
        context.PushGlobal(model);
        return FileTemplate.Render(context);
    }

    /// <summary>Built-in chains in hook order, then user chains sorted by ordinal name, as iptables-save lists them.</summary>
    public static IReadOnlyList<Chain> OrderChains(Table table) =>
        table.Chains.Where(c => c.IsBuiltin).OrderBy(c => c.Hook)
            .Concat(table.Chains.Where(c => !c.IsBuiltin).OrderBy(c => c.Name, StringComparer.Ordinal))
            .ToArray();

    private static Template LoadTemplate(string name)
    {
        using var stream = typeof(IptablesBackend).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Template {name} is not embedded.");
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), name);
        if (template.HasErrors)
        {
            throw new InvalidOperationException($"Template {name}: {string.Join("; ", template.Messages)}");
        }
        return template;
    }
}
