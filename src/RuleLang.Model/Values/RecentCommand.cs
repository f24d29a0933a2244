namespace RuleLang.Model.Values;

/// <summary>What -m recent does with the packet's address: add it to the list, test for it, refresh it or remove it.</summary>
public enum RecentCommand
{
    /// <summary>--set: add (or refresh) the address; always matches.</summary>
    Set,

    /// <summary>--rcheck: match when the address is in the list.</summary>
    Rcheck,

    /// <summary>--update: match when the address is in the list, and refresh its last-seen time.</summary>
    Update,

    /// <summary>--remove: match when the address is in the list, and take it out.</summary>
    Remove,
}
