using System;

namespace RuleLang.Live;

/// <summary>A target already has an apply waiting for its confirmation: one at a time.</summary>
public sealed class PendingExistsException : Exception
{
    public PendingExistsException(LiveTarget target, DateTimeOffset? deadline)
        : base($"an apply to {target.Describe()} is already waiting for its confirmation") => (Target, Deadline) = (target, deadline);

    public LiveTarget Target { get; }

    public DateTimeOffset? Deadline { get; }
}
