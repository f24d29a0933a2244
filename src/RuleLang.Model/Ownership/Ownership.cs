namespace RuleLang.Model;

/// <summary>What a policy replaces when it is loaded (docs/ownership.md).</summary>
public enum Ownership
{
    /// <summary>Every table it names, whole: the host's firewall is the policy's alone (as with ferm).</summary>
    WholeTables,

    /// <summary>
    /// Only chains of its own plus one jump into each built-in chain it writes to: it coexists with Docker,
    /// kube-proxy and CNI plugins, whose rules it never touches.
    /// </summary>
    OwnChains,
}
