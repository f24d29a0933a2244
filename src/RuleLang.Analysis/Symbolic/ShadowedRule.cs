using System.Collections.Generic;

namespace RuleLang.Analysis.Symbolic;

/// <summary>A rule no packet reaches, and the earlier rules of its chain whose decisions cover it.</summary>
public sealed record ShadowedRule(RuleRef Rule, IReadOnlyList<RuleRef> CoveredBy);
