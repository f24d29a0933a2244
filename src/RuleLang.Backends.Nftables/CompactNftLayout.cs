using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// A policy's services in the compact layout (<see cref="NftServiceLayout.Compact"/>): the same tables as
/// kube-proxy's layout (<c>ip &lt;policy&gt;</c> and <c>ip6 &lt;policy&gt;</c> beside <c>inet &lt;policy&gt;</c>,
/// a family without services only deleted), each written by <see cref="CompactNftTable"/>. The checks of
/// <see cref="KubeProxyNftLayout.Check"/> hold for both layouts, so that switching layouts never turns a
/// policy that compiled into one that does not.
/// </summary>
internal static class CompactNftLayout
{
    /// <summary>The policy's service tables: none without services, else the ip and ip6 tables (body null: only deleted).</summary>
    public static IReadOnlyList<(string Family, StringBuilder? Body)> Tables(Policy policy)
    {
        var services = KubeProxyNftLayout.Services(policy);
        return services.Count == 0
            ? Array.Empty<(string, StringBuilder?)>()
            : KubeProxyNftLayout.Families.Select(f => (KubeProxyNftLayout.FamilyKeyword(f), TableBody(services, policy.Cluster, f))).ToArray();
    }

    private static StringBuilder? TableBody(IReadOnlyList<ServiceIntent> services, ClusterSettings cluster, IpFamily family)
    {
        var ofFamily = services.Where(s => KubeProxyNftLayout.FamilyOf(s) == family).ToArray();
        if (ofFamily.Length == 0)
        {
            return null;
        }
        // Left to grow and handed over as it is (see KubeProxyNftLayout.TableBody).
        var body = new StringBuilder(8192);
        CompactNftTable.Write(body, family, ofFamily.Select(s => ServicePortPlan.For(s, cluster)), cluster);
        return body;
    }
}
