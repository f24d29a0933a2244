namespace RuleLang.Model.Values;

/// <summary>
/// One port test of <c>-m physdev</c> (<c>--physdev-in</c> or <c>--physdev-out</c>): the bridge port a bridged
/// packet entered or leaves by, named as an interface (a trailing '+' matches every name with that prefix).
/// </summary>
public readonly record struct BridgePort(string Name, bool Negated = false)
{
    /// <summary>A port by name, as <c>inPort: "veth0"</c> reads. A null name is refused here, so that
    /// <c>cond ? port : null</c> (typed BridgePort through this conversion) fails loudly instead of naming no port.</summary>
    public static implicit operator BridgePort(string name) => new(name ?? throw new System.ArgumentNullException(nameof(name)));

    /// <summary>Every port but this one (and, as iptables' negation does, every packet that is not bridged).</summary>
    public static BridgePort Not(string name) => new(name, true);
}
