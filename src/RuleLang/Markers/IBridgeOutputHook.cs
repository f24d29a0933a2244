namespace RuleLang;

/// <summary>
/// A hook where the kernel takes <c>-m physdev --physdev-out</c> and <c>--physdev-is-out</c>: every hook but
/// OUTPUT, where a locally sent packet's output bridge port is not known yet (proved by loading).
/// </summary>
public interface IBridgeOutputHook : IHook
{
}
