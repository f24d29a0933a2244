namespace RuleLang.Model.Values;

/// <summary>Which end of the packet a match looks at.</summary>
public enum AddressSide
{
    Source,
    Destination,
}
