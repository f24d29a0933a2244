namespace RuleLang;

/// <summary>The security table, as a type argument; never instantiated.</summary>
public sealed class Security : ITable
{
    private Security()
    {
    }
}
