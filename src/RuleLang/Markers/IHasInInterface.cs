namespace RuleLang;

/// <summary>A hook where packets have an input interface, so <c>-i</c> can match.</summary>
public interface IHasInInterface : IHook
{
}
