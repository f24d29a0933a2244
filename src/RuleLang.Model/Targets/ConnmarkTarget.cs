using RuleLang.Model.Values;

namespace RuleLang.Model.Targets;

/// <summary>CONNMARK: set the connection's mark, or copy it to and from the packet mark.</summary>
public sealed record ConnmarkTarget(ConnmarkMode Mode, uint Value = 0, uint Mask = 0xffffffff) : Target
{
    public override string Name => "CONNMARK";
}
