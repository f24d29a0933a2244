using System.Collections.Generic;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;

namespace RuleLang.Cli;

/// <summary>rulelang apply's command line, as parsed.</summary>
public sealed record ApplyOptions(
    IReadOnlyList<string> Inputs,
    string? Policy,
    string? From,
    IReadOnlyCollection<RulesetFormat> Formats,
    CompileSession Session,
    string? Netns,
    string? Confirm,
    bool ConfirmPending,
    bool DryRun,
    bool Boot,
    LockoutOptions Lockout);
