using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Assertions;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// What the build asks of the symbolic analysis once the lowered policy checks clean: shadowed rules (RL1206)
/// and the policy's assertions, each proved over all its packets (RL1207 when one fails, RL1208 when the
/// analysis cannot decide it).
/// </summary>
public static class SymbolicChecks
{
    public static IReadOnlyList<PolicyDiagnostic> Check(Policy definition, Policy lowered)
    {
        var diagnostics = new List<PolicyDiagnostic>(ShadowDiagnostics.Check(lowered));
        diagnostics.AddRange(CheckAssertions(definition.Assertions, lowered));
        return diagnostics;
    }

    public static IReadOnlyList<PolicyDiagnostic> CheckAssertions(IReadOnlyList<PolicyAssertion> assertions, Policy lowered, IncomingOptions? options = null)
    {
        if (assertions.Count == 0)
        {
            return System.Array.Empty<PolicyDiagnostic>();
        }
        var interfaces = assertions.SelectMany(a => a.Packets).OfType<InterfaceMatch>().Select(i => i.Name);
        var analysis = new PolicyAnalysis(lowered, PacketUniverse.For(new[] { lowered }, interfaces));
        var diagnostics = new List<PolicyDiagnostic>();
        foreach (var assertion in assertions)
        {
            var location = assertion.Location.IsKnown || assertion.Location.File.Length > 0 ? assertion.Location : lowered.Location;
            var invalid = InvalidValues(assertion, location).ToArray();
            if (invalid.Length > 0)
            {
                diagnostics.AddRange(invalid);
                continue;
            }
            if (assertion.Packets.FirstOrDefault(m => !NamesPackets(m)) is { } other)
            {
                diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.AssertionUndecided, location, assertion.Name,
                    $"it names a {Describe(other)} match, which depends on more than the packet; an assertion names packets by protocol, addresses, ports, interfaces, state or ICMP type"));
                continue;
            }
            var result = AssertionProver.Prove(analysis, assertion, new AnalysisBudget(), options);
            if (result.Holds)
            {
                continue;
            }
            if (result.Breaking is not { } outcome)
            {
                diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.AssertionUndecided, location, assertion.Name, result.Reason ?? ""));
                continue;
            }
            string fate = (outcome.Uncertain ? "may be " : "is ") + outcome.Fate;
            string rules = outcome.Decider.ToString();
            if (outcome.Nat.Count > 0)
            {
                rules += ", after " + string.Join(", ", outcome.Nat.Select(n => n.Description + " at " + n.Rule));
            }
            diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.AssertionFails, location, assertion.Name, result.Counterexample!, fate, rules));
        }
        return diagnostics;
    }

    /// <summary>Matches that name packets, which an assertion's space is made of.</summary>
    private static bool NamesPackets(Match match) =>
        match is ProtocolMatch or AddressMatch or PortMatch or InterfaceMatch or ConntrackMatch or IcmpTypeMatch or CommentMatch;

    private static string Describe(Match match) => match switch
    {
        RandomMatch => "random",
        LimitMatch => "limit",
        NthMatch => "nth",
        RecentMatch => "recent",
        MarkMatch => "mark",
        AddressTypeMatch => "addrtype",
        _ => match.GetType().Name,
    };

    /// <summary>The checker's value rules for what an assertion names: the checker sees rules, not assertions.</summary>
    private static IEnumerable<PolicyDiagnostic> InvalidValues(PolicyAssertion assertion, SourceLocation location)
    {
        foreach (var match in assertion.Packets)
        {
            var at = match.Location ?? location;
            switch (match)
            {
                case AddressMatch { Network: null } address:
                    RuleLang.Model.Values.IpNetwork.TryParse(address.Address, out _, out string error);
                    yield return PolicyDiagnostic.Create(DiagnosticCatalog.InvalidAddress, at, address.Address, error);
                    break;
                case PortMatch port:
                    foreach (var span in port.Ports.Where(s => !s.IsInRange))
                    {
                        yield return PolicyDiagnostic.Create(DiagnosticCatalog.PortOutOfRange, at, span.Low < 1 || span.Low > 65535 ? span.Low : span.High);
                    }
                    break;
            }
        }
        if (assertion.Port is { } never && (never < 1 || never > 65535))
        {
            yield return PolicyDiagnostic.Create(DiagnosticCatalog.PortOutOfRange, location, never);
        }
    }
}
