namespace RuleLang;

/// <summary>
/// Marks the type that stands for a netfilter hook (or for "any hook", in a user chain). The capability
/// interfaces derived from it let generic constraints refuse what cannot work at a hook.
/// </summary>
public interface IHook
{
}
