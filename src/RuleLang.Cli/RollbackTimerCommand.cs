using RuleLang.Live;

namespace RuleLang.Cli;

/// <summary>
/// rulelang rollback-timer [--netns NAME]: hidden; the detached process apply --confirm starts. It rolls the
/// target's pending apply back at its deadline unless a confirmation claims it first (RollbackTimer).
/// </summary>
public static class RollbackTimerCommand
{
    public const string Name = "rollback-timer";

    public static int Run(string? netns) =>
        netns is not null && !LiveTarget.IsValidNetnsName(netns)
            ? 1
            : RollbackTimer.Run(new PendingStore(PendingStore.DefaultRoot), new LiveTarget(netns), target => new HostCommandRunner(target));
}
