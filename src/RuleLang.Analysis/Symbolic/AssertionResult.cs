namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// The proof of one assertion: it holds, or it fails with a counterexample packet and the outcome that breaks it,
/// or it could not be decided (why in <see cref="Reason"/>).
/// </summary>
public sealed record AssertionResult(bool Holds, string? Counterexample, FlowOutcome? Breaking, string? Reason)
{
    public bool Undecided => !Holds && Breaking is null;

    public static AssertionResult Proved { get; } = new(true, null, null, null);

    public static AssertionResult Undecidable(string reason) => new(false, null, null, reason);
}
