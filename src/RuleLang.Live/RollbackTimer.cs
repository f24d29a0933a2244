using System;
using System.Linq;
using System.Threading;

namespace RuleLang.Live;

/// <summary>
/// The detached process behind `--confirm`: it waits for the pending apply's deadline (re-read each time it
/// wakes, since apply moves it once the rules are in) and then rolls back, unless a confirmation claimed the
/// pending apply first. It ends by writing the outcome, which is what a waiting test or operator reads.
/// </summary>
public static class RollbackTimer
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static int Run(PendingStore store, LiveTarget target, Func<LiveTarget, ICommandRunner> runnerFor)
    {
        while (store.IsPending(target))
        {
            var deadline = store.ReadDeadline(target);
            var now = DateTimeOffset.UtcNow;
            if (deadline is { } due && now < due)
            {
                Thread.Sleep(due - now < Poll ? due - now : Poll);
                continue;
            }
            using var claim = store.Claim(target);
            if (claim is null)
            {
                return 0; // confirmed at the last moment
            }
            var failures = new StepRunner(runnerFor(claim.Target)).Rollback(claim.Rollback);
            store.WriteOutcome(target, failures.Count == 0
                ? $"rolled-back {DateTimeOffset.UtcNow:o}: not confirmed in time; {target.Describe()} runs the rules it ran before the apply"
                : $"rollback-failed {DateTimeOffset.UtcNow:o}: " + string.Join("; ", failures.Select(f => $"{f.Step.Name}: {f.Reason}")));
            return failures.Count == 0 ? 0 : 1;
        }
        return 0;
    }
}
