namespace RuleLang;

/// <summary>The INPUT hook, as a type argument; never instantiated.</summary>
public sealed class Input : IHasInInterface, ISourceNatHook, IBridgeOutputHook
{
    private Input()
    {
    }
}
