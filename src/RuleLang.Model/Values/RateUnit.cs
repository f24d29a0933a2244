namespace RuleLang.Model.Values;

public enum RateUnit
{
    Second,
    Minute,
    Hour,
    Day,
}
