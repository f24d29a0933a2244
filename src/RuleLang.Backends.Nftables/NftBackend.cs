using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using Scriban;
using Scriban.Runtime;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// Prints a lowered policy, both families at once, as an `nft -f` script: one `table inet &lt;policy&gt;` that the
/// script replaces whole in one transaction. Each iptables built-in chain becomes a base chain at its hook with
/// the priority of the iptables table it stands for; user chains become regular chains. The file layout is a
/// Scriban template, parsed once; rule lines come from <see cref="NftStatements"/>. Services left as intents are
/// written after that table in a services layout of their own (<see cref="NftServiceLayout"/>). Output is deterministic.
/// Run <see cref="NftCompatibility.Check"/> first: this refuses (throws on) what nft cannot say.
/// </summary>
public static class NftBackend
{
    private static readonly Template FileTemplate = TemplateRendering.Load(typeof(NftBackend).Assembly, "nft.sbn");

    public static string Render(Policy policy, NftServiceLayout services = NftServiceLayout.Compact)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        Render(policy, writer, services);
        return writer.ToString();
    }

    /// <summary>
    /// Streams the script to a writer. Services still held as intents (a policy lowered with
    /// PolicyLowering.LowerAllButServices) are written in the <paramref name="services"/> layout after the
    /// policy's own table; a fully lowered policy has none left, and its service chains print like any others.
    /// </summary>
    public static void Render(Policy policy, TextWriter output, NftServiceLayout services = NftServiceLayout.Compact)
    {
        var ordered = new List<(Chain Chain, ChainFlow Flow)>();
        var helperChains = new HashSet<int>();
        foreach (var table in policy.Tables.OrderBy(t => t.Kind))
        {
            var flow = new ChainFlow(table);
            foreach (var chain in table.ChainsInListingOrder())
            {
                if (table.Kind == TableKind.Raw && chain.IsBuiltin && chain.Rules.Any(NftCtHelpers.AssignsHelper))
                {
                    // CT --helper rules move to a chain after conntrack (NftCtHelpers), the rest stay at raw.
                    ordered.Add((chain with { Rules = chain.Rules.Where(r => !NftCtHelpers.AssignsHelper(r)).ToArray() }, flow));
                    helperChains.Add(ordered.Count);
                    ordered.Add((chain with { Rules = chain.Rules.Where(NftCtHelpers.AssignsHelper).ToArray() }, flow));
                    continue;
                }
                ordered.Add((chain, flow));
            }
        }

        var chains = new ScriptArray();
        for (int i = 0; i < ordered.Count; i++)
        {
            var (chain, flow) = ordered[i];
            var item = new ScriptObject
            {
                ["index"] = i,
                ["name"] = helperChains.Contains(i) ? NftCtHelpers.ChainName(chain.Name) : NftNames.Chain(flow.Kind, chain.Name),
                ["base"] = chain.IsBuiltin,
            };
            if (chain.Hook is { } hook)
            {
                item["type"] = ChainType(flow.Kind, hook);
                item["hook"] = NetfilterFacts.ChainName(hook).ToLowerInvariant();
                item["priority"] = helperChains.Contains(i)
                    ? NftCtHelpers.ChainPriority.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : Priority(flow.Kind, hook);
                item["policy"] = (chain.Policy ?? Verdict.Accept) == Verdict.Drop ? "drop" : "accept";
            }
            chains.Add(item);
        }

        var serviceBodies = ServiceTables(policy, services);
        var serviceTables = new ScriptArray();
        for (int i = 0; i < serviceBodies.Count; i++)
        {
            serviceTables.Add(new ScriptObject
            {
                ["index"] = i,
                ["family"] = serviceBodies[i].Family,
                ["filled"] = serviceBodies[i].Body != null,
            });
        }

        var model = new ScriptObject
        {
            ["tool_version"] = TemplateRendering.ToolVersion,
            ["policy"] = policy.Name,
            ["table"] = NftNames.Table(policy.Name),
            ["chains"] = chains,
            ["ct_helpers"] = CtHelperObjects(policy),
            ["sets_block"] = NftSets.Declarations(policy),
            ["service_tables"] = serviceTables,
            // kube-proxy's layout declares no table beside its own: a policy made only of services leaves its inet
            // table deleted (as a family without services is), rather than loading it empty.
            ["own_table"] = !(services == NftServiceLayout.KubeProxy && serviceBodies.Count > 0 && ordered.Count == 0),
            ["services_layout"] = services == NftServiceLayout.KubeProxy ? "kube-proxy's nftables layout" : "the compact layout: a fixed set of chains, the services in sets and maps",
        };
        var block = TemplateRendering.NewBlock();
        model.Import("write_rules", new Action<TemplateContext, int>((context, index) =>
        {
            var (chain, flow) = ordered[index];
            var statements = new NftStatements(flow.Kind);
            foreach (var item in NftLayout.Items(chain, flow))
            {
                statements.Append(block, item);
                TemplateRendering.Flush(context, block);
            }
            TemplateRendering.Flush(context, block, force: true);
        }));
        model.Import("write_services", new Action<TemplateContext, int>((context, index) =>
        {
            // Block by block: a large cluster's service table is tens of megabytes, never made one string.
            foreach (var chunk in serviceBodies[index].Body!.GetChunks())
            {
                block.Append(chunk.Span);
                TemplateRendering.Flush(context, block);
            }
            TemplateRendering.Flush(context, block, force: true);
        }));
        TemplateRendering.Render(FileTemplate, model, output);
    }

    /// <summary>The `ct helper` objects the policy's CT --helper rules set, for the template to declare.</summary>
    private static ScriptArray CtHelperObjects(Policy policy)
    {
        var objects = new ScriptArray();
        foreach (var (helper, protocol) in NftCtHelpers.Objects(policy))
        {
            objects.Add(new ScriptObject
            {
                ["name"] = NftCtHelpers.ObjectName(helper, protocol),
                ["type"] = helper,
                ["protocol"] = NftCtHelpers.ProtocolWord(protocol),
                // nft keeps an IPv4-only helper (irc, pptp, …) for ip alone and lists it so.
                ["l3proto"] = ConntrackHelpers.Find(helper) is { Ipv4Only: true } ? "ip" : "inet",
            });
        }
        return objects;
    }

    /// <summary>The tables the layout writes the policy's services in (none without services): family keyword and body, null for a table only deleted.</summary>
    private static IReadOnlyList<(string Family, StringBuilder? Body)> ServiceTables(Policy policy, NftServiceLayout layout) => layout switch
    {
        NftServiceLayout.Compact => CompactNftLayout.Tables(policy),
        NftServiceLayout.KubeProxy => KubeProxyNftLayout.Tables(policy),
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "no such services layout"),
    };

    /// <summary>nat chains are `type nat`; mangle OUTPUT is `type route` (routing is looked up again when it changes a mark or address).</summary>
    public static string ChainType(TableKind table, Hook hook) => table switch
    {
        TableKind.Nat => "nat",
        TableKind.Mangle when hook == Hook.Output => "route",
        _ => "filter",
    };

    /// <summary>
    /// The iptables table's priority (<see cref="NetfilterFacts.Priority"/>), by the name nft prints for it:
    /// raw, mangle, dstnat (PREROUTING only), filter, security, srcnat (POSTROUTING only), else the number.
    /// </summary>
    public static string Priority(TableKind table, Hook hook)
    {
        int value = NetfilterFacts.Priority(table, hook);
        return value switch
        {
            -300 => "raw",
            -150 => "mangle",
            -100 when hook == Hook.Prerouting => "dstnat",
            0 => "filter",
            50 => "security",
            100 when hook == Hook.Postrouting => "srcnat",
            _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
