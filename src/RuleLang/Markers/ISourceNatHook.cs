namespace RuleLang;

/// <summary>A hook where the nat table may rewrite the source (SNAT): after routing, or on local delivery.</summary>
public interface ISourceNatHook : IHook
{
}
