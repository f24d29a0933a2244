using System.Collections.Generic;

namespace RuleLang.Cli;

/// <summary>
/// What the lockout proof says before apply touches the kernel (Contract 2). Proved is false when the proof
/// did not run; Failures, one text each (flow, counterexample packet, rule responsible), are why apply refuses.
/// </summary>
public sealed record LockoutAnswer(bool Proved, IReadOnlyList<string> Failures)
{
    public static readonly LockoutAnswer NotProved = new(false, System.Array.Empty<string>());

    public bool Refuses => Failures.Count > 0;
}
