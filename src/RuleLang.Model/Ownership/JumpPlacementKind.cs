namespace RuleLang.Model;

/// <summary>Where a policy's jump sits among the other owners' rules of a built-in chain.</summary>
public enum JumpPlacementKind
{
    First,
    Last,

    /// <summary>Just before the first rule of the chain that jumps to the anchor chain.</summary>
    Before,

    /// <summary>Just after the first rule of the chain that jumps to the anchor chain.</summary>
    After,
}
