using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace RuleLang.Analyzers;

/// <summary>
/// Which parameters of the DSL's methods hold values the checker judges, by method and parameter name. A method
/// counts only when its containing type is in namespace RuleLang (see <see cref="IsDslType"/>), so a user's own
/// <c>Source(string)</c> is left alone.
/// </summary>
public static class DslArguments
{
    private static readonly Dictionary<string, Dictionary<string, ValueKind>> ByMethod = new()
    {
        ["Source"] = new() { ["address"] = ValueKind.Network },
        ["Destination"] = new() { ["address"] = ValueKind.Network },
        ["SourcePort"] = new() { ["port"] = ValueKind.Port },
        ["DestinationPort"] = new() { ["port"] = ValueKind.Port },
        ["SourcePortRange"] = new() { ["low"] = ValueKind.PortRangeLow },
        ["DestinationPortRange"] = new() { ["low"] = ValueKind.PortRangeLow },
        ["SourcePorts"] = new() { ["ports"] = ValueKind.PortList },
        ["DestinationPorts"] = new() { ["ports"] = ValueKind.PortList },
        ["InInterface"] = new() { ["name"] = ValueKind.InterfaceName },
        ["OutInterface"] = new() { ["name"] = ValueKind.InterfaceName },
        ["Comment"] = new() { ["text"] = ValueKind.Comment },
        ["Random"] = new() { ["probability"] = ValueKind.Probability },
        ["Nth"] = new() { ["every"] = ValueKind.NthEvery, ["packet"] = ValueKind.NthPacket },
        ["Limit"] = new() { ["rate"] = ValueKind.LimitRate, ["burst"] = ValueKind.LimitBurst },
        ["IcmpType"] = new() { ["type"] = ValueKind.IcmpType, ["code"] = ValueKind.IcmpCode },
        ["Icmpv6Type"] = new() { ["type"] = ValueKind.IcmpType, ["code"] = ValueKind.IcmpCode },
        ["Log"] = new() { ["prefix"] = ValueKind.LogPrefix, ["level"] = ValueKind.LogLevel },
        ["Dscp"] = new() { ["value"] = ValueKind.Dscp },
        ["Dnat"] = new() { ["address"] = ValueKind.HostAddress, ["port"] = ValueKind.Port, ["ports"] = ValueKind.PortSpan },
        ["Snat"] = new() { ["address"] = ValueKind.HostAddress, ["port"] = ValueKind.Port, ["ports"] = ValueKind.PortSpan },
        ["Redirect"] = new() { ["port"] = ValueKind.Port, ["ports"] = ValueKind.PortSpan },
        // The rule target Masquerade(ports) and the intent Masquerade(outInterface, source) share a name.
        ["Masquerade"] = new() { ["ports"] = ValueKind.PortSpan, ["outInterface"] = ValueKind.InterfaceName, ["source"] = ValueKind.Network },
        ["Chain"] = new() { ["name"] = ValueKind.ChainName },
        ["RedirectPort"] = new() { ["from"] = ValueKind.Port, ["to"] = ValueKind.Port, ["inInterface"] = ValueKind.InterfaceName },
        ["ForwardPort"] = new() { ["port"] = ValueKind.Port, ["to"] = ValueKind.HostAddress, ["toPort"] = ValueKind.Port, ["inInterface"] = ValueKind.InterfaceName },
        ["Service"] = new() { ["clusterIp"] = ValueKind.HostAddress, ["port"] = ValueKind.Port, ["nodePort"] = ValueKind.Port, ["endpoints"] = ValueKind.Endpoints },
        ["ClusterCidr"] = new() { ["cidr"] = ValueKind.Network },
        ["ServiceCidr"] = new() { ["cidr"] = ValueKind.Network },
        ["MasqueradeBit"] = new() { ["bit"] = ValueKind.MasqueradeBit },
    };

    /// <summary>The parameters of <paramref name="methodName"/> worth a look, or null when it has none.</summary>
    public static IReadOnlyDictionary<string, ValueKind>? ParametersOf(string methodName) =>
        ByMethod.TryGetValue(methodName, out var parameters) ? parameters : null;

    /// <summary>Methods whose address ties a rule to a family: -s, -d and the NAT targets.</summary>
    public static bool IsFamilyBearing(string methodName) =>
        methodName is "Source" or "Destination" or "Dnat" or "Snat";

    /// <summary>True for a type declared directly in namespace RuleLang (the DSL), in any assembly that declares it.</summary>
    public static bool IsDslType(INamedTypeSymbol? type) =>
        type is { ContainingNamespace: { Name: "RuleLang", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>True for RuleLang.Model.Values.PortSpan.</summary>
    public static bool IsPortSpan(ITypeSymbol? type) =>
        type is INamedTypeSymbol
        {
            Name: "PortSpan",
            ContainingNamespace:
            {
                Name: "Values",
                ContainingNamespace: { Name: "Model", ContainingNamespace: { Name: "RuleLang", ContainingNamespace.IsGlobalNamespace: true } },
            },
        };
}
