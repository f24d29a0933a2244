namespace RuleLang.Model.Targets;

/// <summary>
/// A rule without -j: it only counts the packets it matches, and they go on to the next rule. kube-proxy ends a
/// KUBE-FW-… chain with one, so that its counters show the traffic the source ranges refused.
/// </summary>
public sealed record NoTarget : Target
{
    public static NoTarget Instance { get; } = new();

    public override string Name => "";
}
