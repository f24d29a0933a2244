using System;

namespace RuleLang.Live;

/// <summary>A kernel tool failed where nothing can go on (reading a snapshot, a live ruleset): the step and the tool's reason.</summary>
public sealed class LiveException : Exception
{
    public LiveException(string step, string reason) : base($"{step} failed: {reason}") => Step = step;

    public string Step { get; }
}
