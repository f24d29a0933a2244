using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Lowering.RuleFactory;

namespace RuleLang.Lowering;

/// <summary>Port redirects, port forwards and masquerading: a few plain rules each, appended to built-in chains.</summary>
internal static class SimpleIntentLowering
{
    /// <summary>
    /// REDIRECT in nat PREROUTING, and in filter INPUT an accept for exactly the redirected connections
    /// (conntrack state DNAT), so that the inner port is not opened to direct connections.
    /// </summary>
    public static void Lower(PortRedirectIntent intent, PolicyDraft draft)
    {
        var at = intent.Location;
        var inIf = intent.InInterface is { } name ? new Match[] { new InterfaceMatch(InterfaceSide.In, name) } : new Match[0];
        draft.Builtin(TableKind.Nat, Hook.Prerouting).Rules.Add(
            Rule(at, new RedirectTarget(PortSpan.Single(intent.ToPort)), With(inIf, Proto(intent.Protocol), Dport(intent.FromPort))));
        draft.Builtin(TableKind.Filter, Hook.Input).Rules.Add(
            Rule(at, VerdictTarget.Accept, With(inIf, Proto(intent.Protocol), Dport(intent.ToPort), new ConntrackMatch(ConntrackStates.Dnat))));
    }

    /// <summary>DNAT in nat PREROUTING, and in filter FORWARD an accept for the forwarded connections only.</summary>
    public static void Lower(PortForwardIntent intent, PolicyDraft draft)
    {
        var at = intent.Location;
        var inIf = intent.InInterface is { } name ? new Match[] { new InterfaceMatch(InterfaceSide.In, name) } : new Match[0];
        draft.Builtin(TableKind.Nat, Hook.Prerouting).Rules.Add(
            Rule(at, new DnatTarget(intent.ToAddress, PortSpan.Single(intent.ToPort)), With(inIf, Proto(intent.Protocol), Dport(intent.Port))));
        draft.Builtin(TableKind.Filter, Hook.Forward).Rules.Add(
            Rule(at, VerdictTarget.Accept, With(inIf, Dst(intent.ToAddress), Proto(intent.Protocol), Dport(intent.ToPort), new ConntrackMatch(ConntrackStates.Dnat))));
    }

    public static void Lower(MasqueradeIntent intent, PolicyDraft draft)
    {
        var matches = new List<Match>();
        if (intent.SourceCidr != null)
        {
            matches.Add(Src(intent.SourceCidr));
        }
        if (intent.OutInterface != null)
        {
            matches.Add(new InterfaceMatch(InterfaceSide.Out, intent.OutInterface));
        }
        draft.Builtin(TableKind.Nat, Hook.Postrouting).Rules.Add(Rule(intent.Location, new MasqueradeTarget(), matches.ToArray()));
    }
}
