namespace RuleLang.Live;

/// <summary>A step that failed, and the tool's reason.</summary>
public sealed record StepFailure(LiveStep Step, string Reason);
