namespace RuleLang;

/// <summary>The POSTROUTING hook, as a type argument; never instantiated.</summary>
public sealed class Postrouting : IHasOutInterface, ISourceNatHook, IMasqueradeHook, ILocalSocketHook, IBridgeOutputHook
{
    private Postrouting()
    {
    }
}
