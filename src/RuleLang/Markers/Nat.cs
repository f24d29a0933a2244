namespace RuleLang;

/// <summary>The nat table, as a type argument; never instantiated.</summary>
public sealed class Nat : ITable
{
    private Nat()
    {
    }
}
