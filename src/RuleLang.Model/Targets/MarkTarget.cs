namespace RuleLang.Model.Targets;

/// <summary>MARK --set-xmark value/mask: clears the mask's bits, then XORs value in.</summary>
public sealed record MarkTarget(uint Value, uint Mask = 0xffffffff) : Target
{
    public override string Name => "MARK";
}
