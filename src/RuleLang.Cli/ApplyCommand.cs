using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RuleLang.Compiler;
using RuleLang.Live;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Cli;

/// <summary>
/// rulelang apply INPUT…: one policy's rulesets into the live kernel as one unit. It snapshots exactly what it
/// replaces, loads IPv4, IPv6 and nft in turn, and on any failure restores every snapshot and names the step.
/// With --confirm the snapshot waits on disk with a detached timer that rolls back unless confirmed in time.
/// Everything but --dry-run's diff goes to stderr.
/// </summary>
public sealed class ApplyCommand
{
    /// <summary>How long a --confirm timer allows the apply itself before its period starts (a large ruleset loads in seconds).</summary>
    private static readonly TimeSpan ApplyAllowance = TimeSpan.FromMinutes(5);

    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly PendingStore _store;

    public ApplyCommand(TextWriter output, TextWriter error, PendingStore? store = null)
    {
        _out = output;
        _error = error;
        _store = store ?? new PendingStore(PendingStore.DefaultRoot);
    }

    public int Run(ApplyOptions options)
    {
        if (!LiveTargets.TryParse(options.Netns, "apply", _error, out var target))
        {
            return 1;
        }
        if (Conflict(options) is { } conflict)
        {
            Report(DiagnosticCatalog.OptionsConflict, conflict.Item1, conflict.Item2);
            return 1;
        }
        if (options.ConfirmPending)
        {
            return ConfirmPending(target);
        }
        TimeSpan? period = null;
        if (options.Confirm is { } confirm)
        {
            if (!ConfirmPeriod.TryParse(confirm, out var parsed))
            {
                Report(DiagnosticCatalog.BadConfirmPeriod, confirm);
                return 1;
            }
            period = parsed;
        }
        if (options.Inputs.Count == 0)
        {
            Report(DiagnosticCatalog.MissingInputs, "apply");
            return 1;
        }
        var policy = new LiveInputs(_error).Load(options.Inputs, options.Policy, options.From, options.Formats, options.Session);
        if (policy is null || !LiveTargets.Applicable(policy, _error))
        {
            return 1;
        }
        if (!LiveTargets.Preflight("apply", policy, target, _error))
        {
            return 1;
        }
        var runner = new HostCommandRunner(target);
        try
        {
            if (options.DryRun)
            {
                return DryRun(policy, runner);
            }
            // At boot nobody is logged in and conntrack is empty: there is no operator to lock out.
            if (!options.Boot && !OperatorKeepsAccess(policy, target, options))
            {
                return 1;
            }
            var reader = new SnapshotReader(runner);
            var snapshot = reader.Take(policy.Rulesets);
            var rollback = ApplyPlan.RollbackSteps(snapshot, Live.Preflight.FindTool("nft"));
            if (WithOwnChainsMerged(policy, reader, target) is not { } rulesets)
            {
                return 1;
            }
            var steps = ApplyPlan.ApplySteps(rulesets);
            return period is { } wait
                ? ApplyPending(policy, target, runner, steps, rollback, wait)
                : ApplyNow(policy, target, runner, steps, rollback);
        }
        catch (LiveException e)
        {
            Report(DiagnosticCatalog.LiveReadFailed, target.Describe(), e.Message);
            return 1;
        }
    }

    private static (string, string)? Conflict(ApplyOptions o)
    {
        if (o.ConfirmPending && (o.Inputs.Count > 0 || o.DryRun || o.Boot || o.Confirm is not null))
        {
            return ("--confirm-pending", o.Inputs.Count > 0 ? "inputs (it confirms the apply already made)" : o.DryRun ? "--dry-run" : o.Boot ? "--boot" : "--confirm");
        }
        if (o.DryRun && (o.Boot || o.Confirm is not null))
        {
            return ("--dry-run", o.Boot ? "--boot" : "--confirm (a dry run changes nothing)");
        }
        if (o.Boot && o.Confirm is not null)
        {
            return ("--boot", "--confirm (nobody is there to confirm at boot)");
        }
        return null;
    }

    private int ApplyNow(LivePolicy policy, LiveTarget target, ICommandRunner runner, IReadOnlyList<LiveStep> steps, IReadOnlyList<LiveStep> rollback)
    {
        var stepRunner = new StepRunner(runner);
        var failure = stepRunner.RunAll(steps);
        if (failure is not null)
        {
            ReportFailure(failure, stepRunner.Rollback(rollback), target);
            return 1;
        }
        _error.WriteLine($"rulelang: applied {Files(policy)} to {target.Describe()}");
        return 0;
    }

    /// <summary>
    /// --confirm: the rollback is on disk and its timer running before the kernel is touched, so that killing this
    /// process at any point still ends in a rollback at the deadline. The deadline first allows for the apply
    /// itself, and is moved to now + period once the rules are in.
    /// </summary>
    private int ApplyPending(LivePolicy policy, LiveTarget target, ICommandRunner runner, IReadOnlyList<LiveStep> steps, IReadOnlyList<LiveStep> rollback, TimeSpan period)
    {
        try
        {
            _store.Create(target, rollback, DateTimeOffset.UtcNow + ApplyAllowance + period);
        }
        catch (PendingExistsException pending)
        {
            Report(DiagnosticCatalog.ApplyAlreadyPending, target.Describe(), pending.Deadline?.ToLocalTime().ToString("HH:mm:ss") ?? "an unknown time", target.CommandLineSuffix);
            return 1;
        }
        var timer = DetachedProcess.Self().Concat(new[] { RollbackTimerCommand.Name }).Concat(target.Netns is { } ns ? new[] { "--netns", ns } : Array.Empty<string>()).ToArray();
        var environment = new Dictionary<string, string> { [PendingStore.RootVariable] = _store.Root };
        if (DetachedProcess.Start(timer, "rulelang-rollback-" + target.StateKey, environment) is { } notStarted)
        {
            _store.Claim(target)?.Dispose();
            Report(DiagnosticCatalog.RollbackTimerNotStarted, notStarted);
            return 1;
        }
        var stepRunner = new StepRunner(runner);
        var failure = stepRunner.RunAll(steps);
        if (failure is not null)
        {
            // Claimed first, so that the timer, finding nothing, cannot roll back a second time.
            using var claim = _store.Claim(target);
            var rollbackFailures = claim is null ? Array.Empty<StepFailure>() : stepRunner.Rollback(claim.Rollback);
            _store.WriteOutcome(target, $"apply-failed {DateTimeOffset.UtcNow:o}: {failure.Step.Name}: {failure.Reason}");
            ReportFailure(failure, rollbackFailures, target);
            return 1;
        }
        var deadline = DateTimeOffset.UtcNow + period;
        if (!_store.SetDeadline(target, deadline))
        {
            Report(DiagnosticCatalog.NotConfirmed, target.Describe(), "before the apply finished");
            return 1;
        }
        _error.WriteLine($"rulelang: applied {Files(policy)} to {target.Describe()}; it is rolled back at {deadline.ToLocalTime():HH:mm:ss} unless confirmed");
        if (Console.IsInputRedirected)
        {
            _error.WriteLine($"rulelang: to keep it, run within {Describe(period)}: rulelang apply --confirm-pending{target.CommandLineSuffix}");
            return 0;
        }
        return Prompt(target, period);
    }

    /// <summary>On a terminal, as iptables-apply: a yes keeps the rules; anything else, or silence, rolls back now.</summary>
    private int Prompt(LiveTarget target, TimeSpan period)
    {
        _error.Write($"Can you still reach the host? Keep the new rules? [y/N] (rolled back in {Describe(period)}) ");
        var answer = Task.Run(Console.In.ReadLine);
        bool keep = answer.Wait(period) && answer.Result?.Trim().ToLowerInvariant() is "y" or "yes";
        if (keep)
        {
            return ConfirmPending(target);
        }
        _error.WriteLine();
        using var claim = _store.Claim(target);
        if (claim is null)
        {
            Report(DiagnosticCatalog.NotConfirmed, target.Describe(), "within " + Describe(period));
            return 1;
        }
        var failures = new StepRunner(new HostCommandRunner(claim.Target)).Rollback(claim.Rollback);
        _store.WriteOutcome(target, $"rolled-back {DateTimeOffset.UtcNow:o}: not confirmed at the prompt");
        if (failures.Count > 0)
        {
            Report(DiagnosticCatalog.RollbackFailed, "the apply was not confirmed", Failures(failures), target.Describe());
            return 1;
        }
        Report(DiagnosticCatalog.NotConfirmed, target.Describe(), "at the prompt");
        return 1;
    }

    private int ConfirmPending(LiveTarget target)
    {
        if (!LiveTargets.Preflight("apply --confirm-pending", null, target, _error))
        {
            return 1;
        }
        using var claim = _store.Claim(target);
        if (claim is null)
        {
            string? last = _store.ReadOutcome(target)?.Trim();
            Report(DiagnosticCatalog.NothingPending, target.Describe(), last is null ? "" : "; the last one ended: " + last);
            return 1;
        }
        _store.WriteOutcome(target, $"confirmed {DateTimeOffset.UtcNow:o}");
        _error.WriteLine($"rulelang: confirmed; {target.Describe()} keeps the new rules");
        return 0;
    }

    private int DryRun(LivePolicy policy, ICommandRunner runner)
    {
        var comparison = new LiveComparison(runner);
        if (comparison.SemanticDiff(policy, fromLive: true) is { } semantic)
        {
            _out.Write(semantic);
        }
        foreach (var nft in policy.Rulesets.Where(r => r.Family == LiveFamily.Nft))
        {
            var (wanted, live) = comparison.NormalForms(nft);
            _out.Write(wanted == live ? $"{nft.FileName}: no change\n" : LiveComparison.TextDiff(nft, live, wanted, "live", "to apply"));
        }
        _error.WriteLine("rulelang: dry run, nothing was changed");
        return 0;
    }

    /// <summary>
    /// The rulesets as they are restored: a whole-tables ruleset as it is; an own-chains one merged into the live
    /// tables it names (OwnedChains.Merge: every other owner's chains and rules kept in order, this policy's chains
    /// replaced, its jumps placed once), so that each table is still restored whole, in one commit. Null, after
    /// RL0805, when a jump cannot be placed.
    /// </summary>
    private IReadOnlyList<LiveRuleset>? WithOwnChainsMerged(LivePolicy policy, SnapshotReader reader, LiveTarget target)
    {
        var merged = new List<LiveRuleset>();
        foreach (var ruleset in policy.Rulesets)
        {
            if (ruleset.Family == LiveFamily.Nft || !OwnedChains.IsOwnChains(ruleset.Text))
            {
                merged.Add(ruleset);
                continue;
            }
            try
            {
                merged.Add(ruleset with { Text = OwnedChains.Merge(reader.Save(ruleset.Family), ruleset.Text) });
            }
            catch (OwnedChainsException e)
            {
                _error.WriteLine(PolicyDiagnostic.Create(DiagnosticCatalog.OwnChainsNotPlaced, new SourceLocation(Path.Combine(policy.Origin, ruleset.FileName), 0, 0),
                    ruleset.FileName, target.Describe(), e.Message));
                return null;
            }
        }
        return merged;
    }

    /// <summary>
    /// The lockout proof (docs/lockout.md), the one call apply makes before touching the kernel: the policy must keep
    /// --keep's connections, this SSH session (SSH_CONNECTION) and conntrack's established connections, read inside
    /// the target. False (nothing is applied) when it would cut one, unless --force.
    /// </summary>
    private bool OperatorKeepsAccess(LivePolicy policy, LiveTarget target, ApplyOptions options)
    {
        var check = new LockoutCheck(_error, new HostTools(target.Netns));
        return policy.Source is { } source
            ? check.MayProceed(new[] { source }, options.Lockout)
            : check.MayProceedUnproved(policy.Name, new SourceLocation(policy.Origin, 0, 0),
                "its rulesets could not be read back into a policy (nft scripts are not, nor rulesets that do not import); apply from the policy's source instead", options.Lockout);
    }

    private void ReportFailure(StepFailure failure, IReadOnlyList<StepFailure> rollbackFailures, LiveTarget target)
    {
        if (rollbackFailures.Count == 0)
        {
            Report(DiagnosticCatalog.ApplyStepFailed, failure.Step.Name, failure.Reason, target.Describe());
        }
        else
        {
            Report(DiagnosticCatalog.RollbackFailed, $"{failure.Step.Name} failed: {failure.Reason}", Failures(rollbackFailures), target.Describe());
        }
    }

    private static string Failures(IReadOnlyList<StepFailure> failures) => string.Join("; ", failures.Select(f => $"{f.Step.Name}: {f.Reason}"));

    private static string Files(LivePolicy policy) => string.Join(", ", policy.Rulesets.Select(r => r.FileName));

    private static string Describe(TimeSpan period) => period.TotalSeconds < 120 ? $"{period.TotalSeconds:0} s" : $"{period.TotalMinutes:0.#} min";

    private void Report(DiagnosticDescriptor descriptor, params object[] args) =>
        _error.WriteLine(PolicyDiagnostic.Create(descriptor, new SourceLocation("rulelang apply", 0, 0), args));
}
