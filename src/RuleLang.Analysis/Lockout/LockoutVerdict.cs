using System.Collections.Generic;

namespace RuleLang.Analysis.Lockout;

/// <summary>
/// The lockout proof's answer. <see cref="Kept"/>: every checked flow's established packets reach this host and
/// its replies leave, and a new session of the operator's is accepted. <see cref="Failures"/> break it;
/// <see cref="Warnings"/> are outcomes that only may happen (an opaque match decides) to a new connection.
/// </summary>
public sealed record LockoutVerdict(bool Kept, IReadOnlyList<LockoutFailure> Failures)
{
    public IReadOnlyList<LockoutFailure> Warnings { get; init; } = System.Array.Empty<LockoutFailure>();

    /// <summary>Every flow the proof ran, in the order given.</summary>
    public IReadOnlyList<KeptFlow> Checked { get; init; } = System.Array.Empty<KeptFlow>();

    /// <summary>Set when the proof could not finish (the analysis budget ran out): then nothing is proved.</summary>
    public string? Undecided { get; init; }
}
