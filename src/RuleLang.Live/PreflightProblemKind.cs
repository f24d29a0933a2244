namespace RuleLang.Live;

public enum PreflightProblemKind
{
    NotRoot,
    ToolMissing,
}
