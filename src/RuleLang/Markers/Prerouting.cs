namespace RuleLang;

/// <summary>The PREROUTING hook, as a type argument; never instantiated.</summary>
public sealed class Prerouting : IHasInInterface, IDestinationNatHook, IBridgeOutputHook
{
    private Prerouting()
    {
    }
}
