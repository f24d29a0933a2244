using System.Runtime.CompilerServices;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang;

/// <summary>
/// The nat table's targets. Each is typed on rules of <see cref="Nat"/> and constrained to the hooks where the
/// kernel allows it; the forms that take a port are typed on port-protocol rules only.
/// </summary>
public static class NatTargets
{
    /// <summary><c>DNAT --to-destination address</c>.</summary>
    public static void Dnat<THook>(
        this RuleBuilder<Nat, THook> rule,
        string address,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IDestinationNatHook =>
        rule.Append(new DnatTarget(address), file, line);

    /// <summary><c>DNAT --to-destination address:port</c>.</summary>
    public static void Dnat<THook, TSelf>(
        this PortRuleBuilder<Nat, THook, TSelf> rule,
        string address,
        int port,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IDestinationNatHook
        where TSelf : PortRuleBuilder<Nat, THook, TSelf> =>
        rule.Append(new DnatTarget(address, PortSpan.Single(port)), file, line);

    /// <summary><c>DNAT --to-destination address:low-high</c>.</summary>
    public static void Dnat<THook, TSelf>(
        this PortRuleBuilder<Nat, THook, TSelf> rule,
        string address,
        PortSpan ports,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IDestinationNatHook
        where TSelf : PortRuleBuilder<Nat, THook, TSelf> =>
        rule.Append(new DnatTarget(address, ports), file, line);

    /// <summary><c>REDIRECT --to-ports port</c>: DNAT to this host.</summary>
    public static void Redirect<THook, TSelf>(
        this PortRuleBuilder<Nat, THook, TSelf> rule,
        int port,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IDestinationNatHook
        where TSelf : PortRuleBuilder<Nat, THook, TSelf> =>
        rule.Append(new RedirectTarget(PortSpan.Single(port)), file, line);

    /// <summary><c>REDIRECT --to-ports low-high</c>.</summary>
    public static void Redirect<THook, TSelf>(
        this PortRuleBuilder<Nat, THook, TSelf> rule,
        PortSpan ports,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IDestinationNatHook
        where TSelf : PortRuleBuilder<Nat, THook, TSelf> =>
        rule.Append(new RedirectTarget(ports), file, line);

    /// <summary><c>SNAT --to-source address</c>.</summary>
    public static void Snat<THook>(
        this RuleBuilder<Nat, THook> rule,
        string address,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : ISourceNatHook =>
        rule.Append(new SnatTarget(address), file, line);

    /// <summary><c>SNAT --to-source address:port</c>.</summary>
    public static void Snat<THook, TSelf>(
        this PortRuleBuilder<Nat, THook, TSelf> rule,
        string address,
        int port,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : ISourceNatHook
        where TSelf : PortRuleBuilder<Nat, THook, TSelf> =>
        rule.Append(new SnatTarget(address, PortSpan.Single(port)), file, line);

    /// <summary><c>SNAT --to-source address:low-high</c>.</summary>
    public static void Snat<THook, TSelf>(
        this PortRuleBuilder<Nat, THook, TSelf> rule,
        string address,
        PortSpan ports,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : ISourceNatHook
        where TSelf : PortRuleBuilder<Nat, THook, TSelf> =>
        rule.Append(new SnatTarget(address, ports), file, line);

    /// <summary><c>MASQUERADE [--random-fully]</c>: SNAT to the output interface's address.</summary>
    public static void Masquerade<THook>(
        this RuleBuilder<Nat, THook> rule,
        bool randomFully = false,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IMasqueradeHook =>
        rule.Append(new MasqueradeTarget(null, randomFully), file, line);

    /// <summary><c>MASQUERADE --to-ports low-high [--random-fully]</c>.</summary>
    public static void Masquerade<THook, TSelf>(
        this PortRuleBuilder<Nat, THook, TSelf> rule,
        PortSpan ports,
        bool randomFully = false,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IMasqueradeHook
        where TSelf : PortRuleBuilder<Nat, THook, TSelf> =>
        rule.Append(new MasqueradeTarget(ports, randomFully), file, line);
}
