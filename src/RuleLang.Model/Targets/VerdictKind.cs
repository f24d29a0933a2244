namespace RuleLang.Model.Targets;

public enum VerdictKind
{
    Accept,
    Drop,
    Return,
}
