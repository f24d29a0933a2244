using System.Collections.Generic;

namespace RuleLang.Cli;

/// <summary>
/// What the operator told the lockout proof: connections to keep (--keep, repeatable), whether to go on when the
/// proof fails (--force), and whether to read conntrack's established connections (on unless --no-conntrack).
/// </summary>
public sealed record LockoutOptions(IReadOnlyList<string> Keep, bool Force, bool ReadConntrack = true);
