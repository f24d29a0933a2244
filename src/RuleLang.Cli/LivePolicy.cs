using System.Collections.Generic;
using RuleLang.Live;
using RuleLang.Model;

namespace RuleLang.Cli;

/// <summary>
/// The one policy apply and status work on: its rulesets, and the policy itself when it was compiled here
/// (<see cref="Lowered"/> null for a rulesets folder, whose iptables files are imported when a semantic diff needs
/// them). <see cref="Source"/> is the policy before lowering, as the lockout proof takes it: the compiled policy, or
/// the folder's iptables and ip6tables rulesets read back as one dump (null for nft scripts alone). Origin names the
/// input in messages.
/// </summary>
public sealed record LivePolicy(string Name, string Origin, IReadOnlyList<LiveRuleset> Rulesets, Policy? Lowered, Policy? Source);
