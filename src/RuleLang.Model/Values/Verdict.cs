namespace RuleLang.Model.Values;

/// <summary>The verdicts a built-in chain's policy may take.</summary>
public enum Verdict
{
    Accept,
    Drop,
}
