namespace RuleLang.Backends.Iptables;

/// <summary>
/// The few lines that make an iptables ruleset an own-chains one (docs/ownership.md): a header line, and before
/// each jump into a built-in chain a placement line; the jump itself carries a comment naming the policy, so a
/// reload finds and replaces it. The marker is safe to print as is: a policy name is letters, digits, '-' and
/// '_' (RL0112).
/// </summary>
public static class OwnChainsFormat
{
    /// <summary>How the header line starts; what follows is advice to a reader and may change between versions.</summary>
    public const string HeaderStart = "# rulelang: owns chains";

    /// <summary>The header line that says the ruleset owns chains, not tables.</summary>
    public const string HeaderLine = HeaderStart + "; load it with `rulelang apply` (a reload must replace the jumps, not add to them), or once on a host that never had it with `iptables-restore --noflush`";

    /// <summary>Starts the comment line before each jump: "# rulelang: jump first", "# rulelang: jump before DOCKER-USER".</summary>
    public const string PlacementPrefix = "# rulelang: jump ";

    /// <summary>The comment a jump into a built-in chain carries: rulelang:POLICY.</summary>
    public static string Marker(string policyName) => "rulelang:" + policyName;

    /// <summary>
    /// The jump rule as iptables-save prints it. A first jump is written as an insert at 1, so that loading the
    /// file by hand with --noflush puts it first too; the rest append.
    /// </summary>
    public static string JumpLine(string builtinChain, string policyName, string ownedChain, bool insertFirst) =>
        (insertFirst ? "-I " + builtinChain + " 1" : "-A " + builtinChain)
        + " -m comment --comment \"" + Marker(policyName) + "\" -j " + ownedChain;
}
