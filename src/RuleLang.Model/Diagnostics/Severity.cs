namespace RuleLang.Model.Diagnostics;

public enum Severity
{
    Error,
    Warning,
    Info,
}
