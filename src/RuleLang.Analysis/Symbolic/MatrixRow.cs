using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Symbolic;

/// <summary>One class of a service matrix: packets written as ranges, what happens to them, and the rule that decides.</summary>
public sealed record MatrixRow(IpFamily Family, RegionText Region, string Verdict, RuleRef Decider, bool Uncertain);
