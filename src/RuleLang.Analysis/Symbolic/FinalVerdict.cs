namespace RuleLang.Analysis.Symbolic;

public enum FinalVerdict
{
    Accept,
    Drop,
    Reject,
}
