namespace RuleLang.Compiler;

/// <summary>How a committed rulesets folder differs from what the policies emit now.</summary>
public enum DriftKind
{
    /// <summary>The committed file's bytes differ.</summary>
    Changed,

    /// <summary>A policy emits a file that is not committed.</summary>
    Missing,

    /// <summary>A generated file is committed that no policy emits any more.</summary>
    Stale,
}

/// <summary>One file that is out of date, with the diff a reviewer needs.</summary>
public sealed record RulesetDrift(string FileName, DriftKind Kind, string Diff);
