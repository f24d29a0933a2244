using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RuleLang.Checker;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Analyzers.Operations;

namespace RuleLang.Analyzers;

/// <summary>
/// The checks of one DSL call: each constant argument through the checker's value rule for its parameter (see
/// <see cref="DslArguments"/>), reported at the argument's own span; then the call chain's address families.
/// </summary>
internal static class ArgumentChecks
{
    private static readonly SourceLocation Nowhere = SourceLocation.None;

    public static void Analyze(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!DslArguments.IsDslType(method.ContainingType))
        {
            return;
        }
        if (DslArguments.ParametersOf(method.Name) is { } parameters)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter
                    && argument.ArgumentKind != ArgumentKind.DefaultValue
                    && parameters.TryGetValue(parameter.Name, out var kind))
                {
                    Check(context, invocation, argument.Value, kind);
                }
            }
        }
        FamilyChecks.AnalyzeRuleChain(context, invocation);
    }

    private static void Check(OperationAnalysisContext context, IInvocationOperation invocation, IOperation value, ValueKind kind)
    {
        switch (kind)
        {
            case ValueKind.Network when TryGetString(value, out var address):
                Run(context, value, bag => ValueRules.CheckNetwork(address, Nowhere, bag), HostBits.PropertiesFor(address));
                break;
            case ValueKind.HostAddress when TryGetString(value, out var host):
                Run(context, value, bag => ValueRules.CheckHostAddress(host, Nowhere, bag));
                break;
            case ValueKind.Port:
                CheckPort(context, value);
                break;
            case ValueKind.PortRangeLow when Argument(invocation, "high") is { } high:
                CheckRange(context, value, high.Value, Spanning(value, high.Value));
                break;
            case ValueKind.PortSpan:
                CheckPortSpanValue(context, value);
                break;
            case ValueKind.PortList:
                CheckPortList(context, invocation, value);
                break;
            case ValueKind.InterfaceName when TryGetString(value, out var name):
                Run(context, value, bag => ValueRules.CheckInterfaceName(name, Nowhere, bag));
                break;
            case ValueKind.ChainName when TryGetString(value, out var chain):
                Run(context, value, bag => ValueRules.CheckChainName(chain, Nowhere, bag));
                break;
            case ValueKind.Comment when TryGetString(value, out var comment):
                Run(context, value, bag => ValueRules.CheckComment(comment, Nowhere, bag));
                break;
            case ValueKind.LogPrefix when TryGetString(value, out var prefix):
                Run(context, value, bag => ValueRules.CheckLogPrefix(prefix, Nowhere, bag));
                break;
            case ValueKind.Probability when TryGetDouble(value, out var probability):
                Run(context, value, bag => ValueRules.CheckProbability(probability, Nowhere, bag));
                break;
            case ValueKind.LogLevel:
                CheckNumber(context, value, (n, bag) => ValueRules.CheckLogLevel(n, Nowhere, bag));
                break;
            case ValueKind.Dscp:
                CheckNumber(context, value, (n, bag) => ValueRules.CheckDscp(n, Nowhere, bag));
                break;
            case ValueKind.IcmpType:
                CheckNumber(context, value, (n, bag) => ValueRules.CheckIcmpType(n, Nowhere, bag));
                break;
            case ValueKind.IcmpCode:
                CheckNumber(context, value, (n, bag) => ValueRules.CheckIcmpCode(n, Nowhere, bag));
                break;
            case ValueKind.LimitBurst:
                CheckNumber(context, value, (n, bag) => ValueRules.CheckLimitBurst(n, Nowhere, bag));
                break;
            case ValueKind.LimitRate when Argument(invocation, "unit") is { } unit && TryGetInteger(unit.Value, out var unitValue):
                CheckNumber(context, value, (n, bag) => ValueRules.CheckLimitRate(n, (RateUnit)unitValue, Nowhere, bag));
                break;
            case ValueKind.NthEvery:
                CheckNumber(context, value, (n, bag) => ValueRules.CheckNthEvery(n, Nowhere, bag));
                break;
            case ValueKind.NthPacket when Argument(invocation, "every") is { } every && TryGetInteger(every.Value, out var everyValue):
                CheckNumber(context, value, (n, bag) => ValueRules.CheckNthPacket(n, everyValue, Nowhere, bag));
                break;
            case ValueKind.MasqueradeBit:
                CheckNumber(context, value, (n, bag) => ValueRules.CheckMasqueradeBit(n, Nowhere, bag));
                break;
            case ValueKind.Endpoints:
                CheckEndpoints(context, invocation, value);
                break;
        }
    }

    private static void Run(
        OperationAnalysisContext context,
        IOperation at,
        System.Action<DiagnosticBag> check,
        System.Collections.Immutable.ImmutableDictionary<string, string?>? properties = null)
    {
        var bag = new DiagnosticBag();
        check(bag);
        CheckerReport.Report(context, bag, LocationOf(at), properties: properties);
    }

    private static void CheckPort(OperationAnalysisContext context, IOperation value)
    {
        if (TryGetInteger(value, out var port))
        {
            Run(context, value, bag => ValueRules.CheckPort(ClampToInt(port), Nowhere, bag));
        }
    }

    /// <summary>Runs one of the checker's named range checks on a constant integer argument, at its span.</summary>
    private static void CheckNumber(OperationAnalysisContext context, IOperation value, System.Action<long, DiagnosticBag> check)
    {
        if (TryGetInteger(value, out var number))
        {
            Run(context, value, bag => check(number, bag));
        }
    }

    /// <summary>
    /// Two ports that make a range (<c>DestinationPortRange(low, high)</c>, <c>new PortSpan(low, high)</c>): each
    /// end is checked at its own span; a range that runs backwards is reported over <paramref name="whole"/>.
    /// </summary>
    private static PortSpan? CheckRange(OperationAnalysisContext context, IOperation low, IOperation high, Location? whole)
    {
        CheckPort(context, low);
        CheckPort(context, high);
        if (!TryGetInteger(low, out var lowPort) || !TryGetInteger(high, out var highPort))
        {
            return null;
        }
        var span = new PortSpan(ClampToInt(lowPort), ClampToInt(highPort));
        if (!span.IsOrdered && whole != null)
        {
            var bag = new DiagnosticBag();
            ValueRules.CheckPortSpan(span, Nowhere, bag);
            CheckerReport.Report(context, bag, whole, DiagnosticCatalog.PortRangeReversed.Id);
        }
        return span;
    }

    /// <summary>A PortSpan argument: <c>new PortSpan(low, high)</c> or <c>PortSpan.Single(port)</c>; null when not constant.</summary>
    private static PortSpan? CheckPortSpanValue(OperationAnalysisContext context, IOperation value)
    {
        var operation = Unwrap(value);
        if (operation is IObjectCreationOperation { Constructor: { } constructor } creation
            && DslArguments.IsPortSpan(constructor.ContainingType)
            && creation.Arguments.Length == 2)
        {
            var low = ArgumentAt(creation.Arguments, 0);
            var high = ArgumentAt(creation.Arguments, 1);
            return low is null || high is null ? null : CheckRange(context, low, high, LocationOf(creation));
        }
        if (operation is IInvocationOperation { TargetMethod.Name: "Single" } single
            && DslArguments.IsPortSpan(single.TargetMethod.ContainingType)
            && single.Arguments.Length == 1)
        {
            var port = single.Arguments[0].Value;
            CheckPort(context, port);
            return TryGetInteger(port, out var p) ? PortSpan.Single(ClampToInt(p)) : null;
        }
        return null;
    }

    private static IOperation? ArgumentAt(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, int ordinal)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }
        return null;
    }

    /// <summary>
    /// A multiport list: each entry at its own span, then the list as a whole (empty, or more than 15 entries)
    /// over the span of its entries. An entry that is not constant counts as one port, so the count is never
    /// overstated.
    /// </summary>
    private static void CheckPortList(OperationAnalysisContext context, IInvocationOperation invocation, IOperation value)
    {
        if (Unwrap(value) is not IArrayCreationOperation array)
        {
            return;
        }
        var elements = array.Initializer?.ElementValues ?? default;
        if (elements.IsDefaultOrEmpty)
        {
            bool empty = array.Initializer != null
                || (array.DimensionSizes.Length == 1 && TryGetInteger(array.DimensionSizes[0], out var size) && size == 0);
            if (empty)
            {
                var where = !array.IsImplicit ? LocationOf(array)
                    : invocation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { ArgumentList: { } list } ? list.GetLocation()
                    : invocation.Syntax.GetLocation();
                ReportList(context, new PortSpan[0], where);
            }
            return;
        }
        var spans = new List<PortSpan>(elements.Length);
        foreach (var element in elements)
        {
            PortSpan? span;
            if (DslArguments.IsPortSpan(Unwrap(element).Type) || DslArguments.IsPortSpan(element.Type))
            {
                span = CheckPortSpanValue(context, element);
            }
            else
            {
                CheckPort(context, element);
                span = TryGetInteger(element, out var port) ? PortSpan.Single(ClampToInt(port)) : null;
            }
            spans.Add(span ?? PortSpan.Single(PortSpan.MinPort));
        }
        ReportList(context, spans, Spanning(elements[0], elements[elements.Length - 1]));
    }

    private static void ReportList(OperationAnalysisContext context, IReadOnlyList<PortSpan> spans, Location where)
    {
        var bag = new DiagnosticBag();
        ValueRules.CheckPortList(spans, Nowhere, bag);
        CheckerReport.Report(context, bag, where, DiagnosticCatalog.TooManyPorts.Id, DiagnosticCatalog.ValueOutOfRange.Id);
    }

    /// <summary>Service endpoints written as (address, port) tuples in the call: each address and port at its span.</summary>
    private static void CheckEndpoints(OperationAnalysisContext context, IInvocationOperation invocation, IOperation value)
    {
        var addresses = new List<(string Address, IOperation At)>();
        foreach (var operation in value.DescendantsAndSelf())
        {
            if (operation is ITupleOperation { Elements.Length: 2 } tuple)
            {
                var address = tuple.Elements[0];
                if (TryGetString(address, out var text))
                {
                    Run(context, address, bag => ValueRules.CheckHostAddress(text, Nowhere, bag));
                    addresses.Add((text, address));
                }
                CheckPort(context, tuple.Elements[1]);
            }
        }
        FamilyChecks.AnalyzeService(context, invocation, addresses);
    }

    private static int ClampToInt(long value) => value > int.MaxValue ? int.MaxValue : value < int.MinValue ? int.MinValue : (int)value;
}
