using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RuleLang.Compiler.Files;

namespace RuleLang.Compiler;

/// <summary>
/// Compares emitted rulesets with a committed folder, for pull-request review: every changed, missing or stale
/// file is reported with a unified diff. Writes nothing. A committed file that is not a regular file, or too large,
/// is a <see cref="FileDiagnosticException"/> (RL0702, RL0703), never a hang.
/// </summary>
public static class RulesetVerifier
{
    /// <param name="formats">The formats compiled: only committed files of these can be stale (<see cref="StaleRulesets"/>).</param>
    public static IReadOnlyList<RulesetDrift> Verify(string directory, IReadOnlyCollection<EmittedRuleset> rulesets, IReadOnlyCollection<RulesetFormat> formats)
    {
        var drifts = new List<RulesetDrift>();
        foreach (var ruleset in rulesets.OrderBy(r => r.FileName, StringComparer.Ordinal))
        {
            string path = Path.Combine(directory, ruleset.FileName);
            if (UnixFileStatus.Of(path, followLinks: false) is null)
            {
                drifts.Add(new RulesetDrift(ruleset.FileName, DriftKind.Missing, TextDiff.Unified("", ruleset.Text, ruleset.FileName)));
                continue;
            }
            byte[] committed = BoundedFile.Read(path, BoundedFile.InputLimit);
            if (!committed.AsSpan().SequenceEqual(ruleset.Content))
            {
                string before = Encoding.UTF8.GetString(committed);
                drifts.Add(new RulesetDrift(ruleset.FileName, DriftKind.Changed, TextDiff.Unified(before, ruleset.Text, ruleset.FileName)));
            }
        }
        foreach (string stale in StaleRulesets.Find(directory, rulesets, formats))
        {
            string name = Path.GetFileName(stale);
            drifts.Add(new RulesetDrift(name, DriftKind.Stale, TextDiff.Unified(Encoding.UTF8.GetString(BoundedFile.Read(stale, BoundedFile.InputLimit)), "", name)));
        }
        return drifts;
    }
}
