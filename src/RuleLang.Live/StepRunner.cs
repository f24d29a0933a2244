using System.Collections.Generic;
using System.Linq;

namespace RuleLang.Live;

/// <summary>Runs planned steps in order: apply (up to the first failure) and rollback (every step, whatever fails).</summary>
public sealed class StepRunner
{
    private readonly ICommandRunner _runner;

    public StepRunner(ICommandRunner runner) => _runner = runner;

    /// <returns>The first step that failed, and why; null when all succeeded. The caller rolls back.</returns>
    public StepFailure? RunAll(IReadOnlyList<LiveStep> steps)
    {
        foreach (var step in steps)
        {
            var result = Run(step);
            if (!result.Success)
            {
                return new StepFailure(step, result.Reason());
            }
        }
        return null;
    }

    /// <summary>Runs every rollback step, even after one fails: each puts back a part the others do not.</summary>
    public IReadOnlyList<StepFailure> Rollback(IReadOnlyList<LiveStep> rollback) =>
        rollback.Select(step => (step, result: Run(step))).Where(r => !r.result.Success)
            .Select(r => new StepFailure(r.step, r.result.Reason())).ToArray();

    private CommandResult Run(LiveStep step) => _runner.Run(step.Tool, step.Args, step.Stdin);
}
