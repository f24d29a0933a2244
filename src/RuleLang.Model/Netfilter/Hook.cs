namespace RuleLang.Model.Netfilter;

/// <summary>A netfilter hook; each built-in chain is attached to exactly one.</summary>
public enum Hook
{
    Prerouting,
    Input,
    Forward,
    Output,
    Postrouting,
}
