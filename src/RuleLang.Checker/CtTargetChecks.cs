using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;

namespace RuleLang.Checker;

/// <summary>
/// What the kernel demands of a CT target's template, each proven by loading it in a network namespace
/// (ConntrackHelperKernelTests): a helper it registers, under -p of the helper's own protocol (it looks the helper
/// up by name and protocol, and refuses the rule when none is found), and a zone it can store in 16 bits.
/// </summary>
internal static class CtTargetChecks
{
    public static void Check(Rule rule, DiagnosticBag bag)
    {
        if (rule.Target is not CtTarget ct)
        {
            return;
        }
        var at = ct.Location ?? rule.Location;
        if (ct.Helper is null && ct.Zone is null)
        {
            bag.Report(DiagnosticCatalog.EmptyCtTarget, at);
        }
        if (ct.Zone is { } zone)
        {
            // iptables takes --zone 0 and prints the rule back as a bare -j CT: 0 is every connection's zone already.
            ValueRules.CheckRange("CT zone", zone, 1, CtTarget.MaxZone, at, bag);
        }
        if (ct.Helper is { } name)
        {
            CheckHelper(rule, name, at, bag);
        }
    }

    private static void CheckHelper(Rule rule, string name, SourceLocation at, DiagnosticBag bag)
    {
        if (ConntrackHelpers.Find(name) is not { } helper)
        {
            bag.Report(DiagnosticCatalog.UnknownConntrackHelper, at, name, ConntrackHelpers.Names);
            return;
        }
        var protocol = rule.Protocol;
        bool negated = rule.Matches.OfType<ProtocolMatch>().Any(p => p.Negated);
        if (negated || !helper.Protocols.Contains(protocol))
        {
            string wanted = string.Join(" or ", helper.Protocols.Select(p => p.ToString().ToLowerInvariant()));
            bag.Report(DiagnosticCatalog.HelperWithoutItsProtocol, at, name, wanted, Describe.Protocol(protocol));
        }
    }
}
