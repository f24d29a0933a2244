namespace RuleLang.Model.Values;

/// <summary>What -m recent does with the packet's source address: add it to the list, or test for it.</summary>
public enum RecentCommand
{
    /// <summary>--set: add (or refresh) the source address; always matches.</summary>
    Set,

    /// <summary>--rcheck: match when the source address is in the list.</summary>
    Rcheck,
}
