using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Checker;

/// <summary>What the TCPMSS target needs of its rule, as the kernel and iptables check it.</summary>
internal static class TcpMssChecks
{
    public static void Check(Rule rule, DiagnosticBag bag)
    {
        if (rule.Target is not TcpMssTarget mss)
        {
            return;
        }
        var at = mss.Location ?? rule.Location;
        if (mss.Mss is { } value)
        {
            // iptables takes 0 to 65535 less the IP and TCP headers; a rule of no family goes to ip6tables too.
            int max = FamilyOf(rule) == IpFamily.IPv4 ? TcpMssTarget.MaxIpv4Mss : TcpMssTarget.MaxIpv6Mss;
            ValueRules.CheckRange("TCPMSS --set-mss", value, 0, max, at, bag);
        }
        // The kernel refuses TCPMSS unless the rule matches -p tcp (the target is registered for TCP only), and the
        // legacy kernel path also unless a tcp match requires SYN set, not negated (xt_TCPMSS find_syn_match).
        bool tcp = rule.Protocol == Protocol.Tcp && !rule.Matches.OfType<ProtocolMatch>().Any(p => p.Negated);
        bool syn = rule.Matches.OfType<TcpFlagsMatch>().Any(f => !f.Negated && (f.Comparison & TcpFlags.Syn) != 0);
        if (!tcp)
        {
            bag.Report(DiagnosticCatalog.TcpMssWithoutSyn, at, "its protocol is " + Describe.Protocol(rule.Protocol));
        }
        else if (!syn)
        {
            bag.Report(DiagnosticCatalog.TcpMssWithoutSyn, at, "it has no --syn or --tcp-flags test that requires SYN set");
        }
    }

    private static IpFamily? FamilyOf(Rule rule) =>
        rule.Family ?? rule.Matches.Select(m => m.Family).FirstOrDefault(f => f is not null);
}
