namespace RuleLang.Analysis.Trace;

public enum TraceStepKind
{
    /// <summary>A rule matched and its target ran.</summary>
    Rule,

    /// <summary>A rule whose random or nth branch was not taken (the other branch is another path).</summary>
    BranchNotTaken,

    /// <summary>The packet reached the end of a built-in chain (or RETURN there): the chain's policy.</summary>
    Policy,

    /// <summary>The end of a user chain: back to the rule after the jump.</summary>
    Return,

    /// <summary>Connection tracking, the routing decision, a table not consulted: what happens between chains.</summary>
    Note,
}
