using RuleLang.Model.Netfilter;

namespace RuleLang.Model;

/// <summary>A placement for the jump into one built-in chain, overriding the policy's default placement.</summary>
public sealed record ChainPlacement(TableKind Table, Hook Hook, JumpPlacement Placement, SourceLocation Location);
