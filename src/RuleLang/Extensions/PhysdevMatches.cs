using RuleLang.Model.Matches;
using RuleLang.Model.Values;

namespace RuleLang;

/// <summary>
/// <c>-m physdev</c>: the bridge ports of a packet br_netfilter hands to iptables. Two methods because the kernel
/// refuses the output-port tests in OUTPUT (unless the rule also asks for a bridged packet), so those are typed on
/// the other hooks only; the hook is inferred from the receiver.
/// </summary>
public static class PhysdevMatches
{
    /// <summary>
    /// <c>-m physdev [--physdev-is-in] [--physdev-in port] [--physdev-is-bridged]</c>; a flag is true for the test
    /// and false for its negation, a port negated with <c>BridgePort.Not("eth0")</c>.
    /// </summary>
    public static TSelf Physdev<TTable, THook, TSelf>(this RuleBuilder<TTable, THook, TSelf> rule,
        BridgePort? inPort = null, bool? isIn = null, bool? isBridged = null)
        where TTable : ITable
        where THook : IHook
        where TSelf : RuleBuilder<TTable, THook, TSelf> =>
        rule.With(new PhysdevMatch(In: inPort, IsIn: isIn, IsBridged: isBridged));

    /// <summary><c>-m physdev</c> with the output-port tests (<c>--physdev-out</c>, <c>--physdev-is-out</c>): not in OUTPUT.</summary>
    public static TSelf PhysdevOut<TTable, THook, TSelf>(this RuleBuilder<TTable, THook, TSelf> rule,
        BridgePort? outPort = null, bool? isOut = null, BridgePort? inPort = null, bool? isIn = null, bool? isBridged = null)
        where TTable : ITable
        where THook : IBridgeOutputHook
        where TSelf : RuleBuilder<TTable, THook, TSelf> =>
        rule.With(new PhysdevMatch(inPort, outPort, isIn, isOut, isBridged));
}
