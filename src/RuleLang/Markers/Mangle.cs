namespace RuleLang;

/// <summary>The mangle table, as a type argument; never instantiated.</summary>
public sealed class Mangle : ITable
{
    private Mangle()
    {
    }
}
