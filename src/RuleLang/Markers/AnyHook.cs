namespace RuleLang;

/// <summary>
/// The hook of a user chain: unknown until the checker follows the jumps to it, so it allows everything any hook
/// allows and leaves misuse to the checker, which reports it along the path that reaches the chain.
/// </summary>
public sealed class AnyHook : IHasInInterface, IHasOutInterface, IDestinationNatHook, ISourceNatHook, IMasqueradeHook, ILocalSocketHook, IBridgeOutputHook
{
    private AnyHook()
    {
    }
}
