using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RuleLang.Checker;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Analyzers.Operations;

namespace RuleLang.Analyzers;

/// <summary>
/// RL0109, IPv4 and IPv6 in one rule: the constant addresses of one fluent call chain (<c>-s</c>, <c>-d</c>, a
/// DNAT or SNAT address) or of one service (cluster IP and endpoints). When both families appear, the addresses
/// are put into a one-rule (or one-service) model and the checker itself judges and words it, so the message is
/// exactly the checker's. Reported at the first address of the other family, with the first address as the
/// related location.
/// </summary>
internal static class FamilyChecks
{
    private static readonly SourceLocation Nowhere = SourceLocation.None;

    /// <summary>Runs once per chain: at its outermost DSL call, walking the receivers down to the rule's start.</summary>
    public static void AnalyzeRuleChain(OperationAnalysisContext context, IInvocationOperation top)
    {
        if (!IsChainTop(top))
        {
            return;
        }
        List<Address>? addresses = null;
        for (IInvocationOperation? link = top; link != null; link = Receiver(link) as IInvocationOperation)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var method = link.TargetMethod;
            if (!DslArguments.IsDslType(method.ContainingType))
            {
                break;
            }
            if (DslArguments.IsFamilyBearing(method.Name)
                && Argument(link, "address") is { } argument
                && TryGetString(argument.Value, out var text)
                && IpNetwork.TryParse(text, out var network, out _))
            {
                bool negated = Argument(link, "not") is { } not && TryGetConstant(not.Value, out var flag) && flag is true;
                addresses ??= new List<Address>();
                addresses.Add(new Address(method.Name, text, negated, network.Family, argument.Value));
            }
        }
        if (addresses is null || !HasBothFamilies(addresses))
        {
            return;
        }
        addresses.Reverse();   // walked from the end of the chain; the checker wants source order
        var matches = new List<Match>();
        Target target = VerdictTarget.Accept;
        var (table, hook) = (TableKind.Filter, Hook.Input);
        foreach (var address in addresses)
        {
            switch (address.Method)
            {
                case "Source":
                    matches.Add(new AddressMatch(AddressSide.Source, address.Text, address.Negated));
                    break;
                case "Destination":
                    matches.Add(new AddressMatch(AddressSide.Destination, address.Text, address.Negated));
                    break;
                case "Dnat":
                    (target, table, hook) = (new DnatTarget(address.Text), TableKind.Nat, Hook.Prerouting);
                    break;
                case "Snat":
                    (target, table, hook) = (new SnatTarget(address.Text), TableKind.Nat, Hook.Postrouting);
                    break;
            }
        }
        var rule = new Rule(matches, target, Nowhere);
        var policy = new Policy(
            "analyzer",
            new[] { new Table(table, new[] { Chain.Builtin(hook, Verdict.Accept, new[] { rule }, Nowhere) }) },
            Array.Empty<Intent>(),
            Nowhere);
        Report(context, PolicyChecker.CheckTables(policy), addresses);
    }

    /// <summary>A service whose cluster IP and some endpoint are of different families.</summary>
    public static void AnalyzeService(OperationAnalysisContext context, IInvocationOperation service, List<(string Address, IOperation At)> endpoints)
    {
        if (endpoints.Count == 0
            || Argument(service, "clusterIp") is not { } clusterIpArgument
            || !TryGetString(clusterIpArgument.Value, out var clusterIp)
            || !IpNetwork.TryParse(clusterIp, out var clusterNetwork, out _))
        {
            return;
        }
        var addresses = new List<Address> { new("clusterIp", clusterIp, false, clusterNetwork.Family, clusterIpArgument.Value) };
        var modelEndpoints = new List<ServiceEndpoint>();
        foreach (var (text, at) in endpoints)
        {
            if (IpNetwork.TryParse(text, out var network, out _))
            {
                addresses.Add(new Address("endpoint", text, false, network.Family, at));
                modelEndpoints.Add(new ServiceEndpoint(text, PortSpan.MinPort));
            }
        }
        if (!HasBothFamilies(addresses))
        {
            return;
        }
        var intent = new ServiceIntent("analyzer", "analyzer", "", Protocol.Tcp, clusterIp, PortSpan.MinPort, null, modelEndpoints, Nowhere);
        var policy = new Policy("analyzer", Array.Empty<Table>(), new Intent[] { intent }, Nowhere);
        Report(context, PolicyChecker.CheckDefinition(policy), addresses);
    }

    private static void Report(OperationAnalysisContext context, IReadOnlyList<PolicyDiagnostic> found, List<Address> addresses)
    {
        var first = addresses[0];
        foreach (var address in addresses)
        {
            if (address.Family != first.Family)
            {
                CheckerReport.ReportFirst(context, found, DiagnosticCatalog.MixedAddressFamilies.Id, LocationOf(address.At), LocationOf(first.At));
                return;
            }
        }
    }

    private static bool HasBothFamilies(List<Address> addresses)
    {
        foreach (var address in addresses)
        {
            if (address.Family != addresses[0].Family)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>False when the call's result is the receiver of a further DSL call (<c>.Source(…).Accept()</c>).</summary>
    private static bool IsChainTop(IInvocationOperation invocation)
    {
        var parent = invocation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }
        if (parent is IArgumentOperation { Parameter.Ordinal: 0 } argument
            && argument.Parent is IInvocationOperation { TargetMethod.IsExtensionMethod: true } extension
            && DslArguments.IsDslType(extension.TargetMethod.ContainingType))
        {
            return false;
        }
        return !(parent is IInvocationOperation outer
            && DslArguments.IsDslType(outer.TargetMethod.ContainingType)
            && outer.Instance is { } instance
            && Unwrap(instance) == invocation);
    }

    private sealed record Address(string Method, string Text, bool Negated, IpFamily Family, IOperation At);
}
