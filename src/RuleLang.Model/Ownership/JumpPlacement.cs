namespace RuleLang.Model;

/// <summary>
/// Where the jump into an own-chains policy's chain is placed in a built-in chain: first, last, or just
/// before or after another owner's jump (e.g. before the jump to DOCKER-USER). Its text form ("first",
/// "before DOCKER-USER") is what the .rl statement and the emitted ruleset's placement line say.
/// </summary>
public sealed record JumpPlacement(JumpPlacementKind Kind, string? Anchor = null)
{
    public static JumpPlacement First { get; } = new(JumpPlacementKind.First);

    public static JumpPlacement Last { get; } = new(JumpPlacementKind.Last);

    /// <summary>Just before the other owner's jump to <paramref name="chain"/>.</summary>
    public static JumpPlacement Before(string chain) => new(JumpPlacementKind.Before, chain);

    /// <summary>Just after the other owner's jump to <paramref name="chain"/>.</summary>
    public static JumpPlacement After(string chain) => new(JumpPlacementKind.After, chain);

    public override string ToString() => Kind switch
    {
        JumpPlacementKind.First => "first",
        JumpPlacementKind.Last => "last",
        JumpPlacementKind.Before => "before " + Anchor,
        _ => "after " + Anchor,
    };

    /// <summary>Reads the text form back: "first", "last", "before CHAIN", "after CHAIN".</summary>
    public static bool TryParse(string text, out JumpPlacement placement)
    {
        placement = First;
        string[] words = text.Trim().Split(' ');
        string? anchor = words.Length == 2 && words[1].Length > 0 ? words[1] : null;
        switch (words[0])
        {
            case "first" when words.Length == 1:
                return true;
            case "last" when words.Length == 1:
                placement = Last;
                return true;
            case "before" when anchor != null:
                placement = Before(anchor);
                return true;
            case "after" when anchor != null:
                placement = After(anchor);
                return true;
            default:
                return false;
        }
    }
}
