namespace RuleLang.Analysis.Symbolic;

/// <summary>Where an accepted packet goes after routing: to the host (INPUT) or on through it (FORWARD).</summary>
public enum Delivery
{
    None,
    Local,
    Forwarded,
}
