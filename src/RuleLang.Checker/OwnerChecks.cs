using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Checker;

/// <summary>The owner match's facts, each proved by loading in a namespace (tests/RuleLang.KernelTests/OwnerKernelTests).</summary>
internal static class OwnerChecks
{
    /// <summary>
    /// iptables refuses -m owner without a test, an id above 4294967294 ((uid_t)-1 means "no id"), and the kernel
    /// refuses a range whose low end is above its high end.
    /// </summary>
    public static void CheckValues(OwnerMatch owner, SourceLocation at, DiagnosticBag bag)
    {
        if (owner.IsEmpty)
        {
            bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "owner match", "(no test)", "give a uid, a gid or socket exists, as iptables refuses -m owner alone");
        }
        CheckIds("owner uid", owner.Uid, at, bag);
        CheckIds("owner gid", owner.Gid, at, bag);
    }

    private static void CheckIds(string what, OwnerIds? ids, SourceLocation at, DiagnosticBag bag)
    {
        if (ids is not { } i)
        {
            return;
        }
        ValueRules.CheckRange(what, i.Low, 0, OwnerIds.MaxId, at, bag);
        ValueRules.CheckRange(what, i.High, 0, OwnerIds.MaxId, at, bag);
        if (i.IsReversed)
        {
            bag.Report(DiagnosticCatalog.ValueOutOfRange, at, what, i.ToString(), $"the range runs backwards and the kernel refuses it; write {i.High}-{i.Low}");
        }
    }

    /// <summary>
    /// xt_owner's hook mask is LOCAL_OUT and POST_ROUTING, in every table: the kernel refuses the rule in any other
    /// built-in chain, and in a user chain any other hook reaches (unlike -i/-o, whose test iptables makes only on
    /// the built-in chain's name), so every hook that reaches the chain must be one of the two.
    /// </summary>
    public static void CheckPlacement(Rule rule, OwnerMatch owner, Chain chain, ChainGraph graph, DiagnosticBag bag)
    {
        foreach (var hook in graph.HooksOf(chain.Name).Where(h => h is not (Hook.Output or Hook.Postrouting)))
        {
            bag.Report(DiagnosticCatalog.OwnerAtHook, owner.Location ?? rule.Location, "-m owner" + owner.IptablesOptions,
                graph.Table.Name, NetfilterFacts.ChainName(hook), Describe.Path(graph.PathFrom(hook, chain.Name)));
            return;
        }
    }
}
