namespace RuleLang;

/// <summary>
/// A hook where a packet may carry the local socket that sent it, so <c>-m owner</c> can test it: OUTPUT and
/// POSTROUTING. The kernel refuses the match at every other hook (xt_owner's hook mask, proved by loading).
/// </summary>
public interface ILocalSocketHook : IHook
{
}
