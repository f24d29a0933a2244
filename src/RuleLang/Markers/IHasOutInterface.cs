namespace RuleLang;

/// <summary>A hook where routing has chosen an output interface, so <c>-o</c> can match.</summary>
public interface IHasOutInterface : IHook
{
}
