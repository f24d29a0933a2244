namespace RuleLang;

/// <summary>The raw table, as a type argument; never instantiated.</summary>
public sealed class Raw : ITable
{
    private Raw()
    {
    }
}
