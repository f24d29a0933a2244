namespace RuleLang.Analysis.Symbolic;

/// <summary>How packets left a chain: returned to the caller (RETURN or the chain's end), or decided by a rule.</summary>
public sealed record ChainExit(FlowState State, FinalVerdict? Verdict, RuleRef? Decider)
{
    public bool Returned => Verdict is null;

    public static ChainExit Return(FlowState state) => new(state, null, null);
}
