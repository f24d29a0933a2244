namespace RuleLang;

/// <summary>The OUTPUT hook, as a type argument; never instantiated.</summary>
public sealed class Output : IHasOutInterface, IDestinationNatHook, ILocalSocketHook
{
    private Output()
    {
    }
}
