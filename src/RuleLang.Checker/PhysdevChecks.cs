using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Checker;

/// <summary>The physdev match's facts, each proved by loading in a namespace (tests/RuleLang.KernelTests/PhysdevKernelTests).</summary>
internal static class PhysdevChecks
{
    /// <summary>iptables refuses -m physdev without a test, and each port is an interface name.</summary>
    public static void CheckValues(PhysdevMatch physdev, SourceLocation at, DiagnosticBag bag)
    {
        if (physdev.IsEmpty)
        {
            bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "physdev match", "(no test)", "give a port or a flag (is-in, is-out, is-bridged), as iptables refuses -m physdev alone");
        }
        foreach (var port in new[] { physdev.In, physdev.Out })
        {
            if (port is { } p)
            {
                ValueRules.CheckInterfaceName(p.Name, at, bag);
            }
        }
    }

    /// <summary>
    /// xt_physdev refuses --physdev-out and --physdev-is-out at LOCAL_OUT unless --physdev-is-bridged is asked for:
    /// in a built-in OUTPUT chain every iptables refuses it; for a user chain OUTPUT reaches, iptables-legacy refuses
    /// it (its hook mask includes OUTPUT) and iptables-nft loads it, so the checker refuses it there too: the test
    /// cannot match those packets either way.
    /// </summary>
    public static void CheckPlacement(Rule rule, PhysdevMatch physdev, Chain chain, ChainGraph graph, DiagnosticBag bag)
    {
        if (!physdev.TestsOutputPortUnbridged || !graph.HooksOf(chain.Name).Contains(Hook.Output))
        {
            return;
        }
        bag.Report(DiagnosticCatalog.PhysdevOutAtOutput, physdev.Location ?? rule.Location, "-m physdev" + physdev.IptablesOptions,
            graph.Table.Name, NetfilterFacts.ChainName(Hook.Output), Describe.Path(graph.PathFrom(Hook.Output, chain.Name)));
    }
}
