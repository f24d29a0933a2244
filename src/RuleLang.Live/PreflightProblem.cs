namespace RuleLang.Live;

/// <summary>One reason a live command cannot start: not root, or a tool (Tool) missing.</summary>
public sealed record PreflightProblem(PreflightProblemKind Kind, string Tool);
