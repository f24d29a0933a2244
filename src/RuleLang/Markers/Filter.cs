namespace RuleLang;

/// <summary>The filter table, as a type argument; never instantiated.</summary>
public sealed class Filter : ITable
{
    private Filter()
    {
    }
}
