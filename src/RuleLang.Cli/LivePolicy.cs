using System.Collections.Generic;
using RuleLang.Live;
using RuleLang.Model;

namespace RuleLang.Cli;

/// <summary>
/// The one policy apply and status work on: its rulesets, and the policy itself when it was compiled here (null
/// for a rulesets folder, whose iptables files are imported when a semantic diff needs them). Origin names the
/// input in messages.
/// </summary>
public sealed record LivePolicy(string Name, string Origin, IReadOnlyList<LiveRuleset> Rulesets, Policy? Lowered);
