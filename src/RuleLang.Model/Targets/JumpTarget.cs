namespace RuleLang.Model.Targets;

/// <summary>-j CHAIN (come back after it) or -g CHAIN (goto: do not come back).</summary>
public sealed record JumpTarget(string Chain, bool IsGoto = false) : Target
{
    public override string Name => Chain;

    /// <summary>A goto never comes back to this chain, so nothing after it in the chain is reached.</summary>
    public override bool IsTerminal => IsGoto;
}
