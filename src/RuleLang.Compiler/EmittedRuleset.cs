namespace RuleLang.Compiler;

/// <summary>One emitted file: its name (policy name and format's extension) and its exact bytes as text.</summary>
public sealed record EmittedRuleset(string PolicyName, RulesetFormat Format, string FileName, string Text);
