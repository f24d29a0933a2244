namespace RuleLang;

/// <summary>The FORWARD hook, as a type argument; never instantiated.</summary>
public sealed class Forward : IHasInInterface, IHasOutInterface, IBridgeOutputHook
{
    private Forward()
    {
    }
}
