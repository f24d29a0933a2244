using System.Collections.Generic;

namespace RuleLang.Model.Intents;

/// <summary>
/// Element-wise equality for the lists intents carry, so that two intents written alike compare equal (a record
/// compares list properties by reference).
/// </summary>
internal static class EquatableLists
{
    public static bool Equal<T>(IReadOnlyList<T> left, IReadOnlyList<T> right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }
        if (left.Count != right.Count)
        {
            return false;
        }
        var comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < left.Count; i++)
        {
            if (!comparer.Equals(left[i], right[i]))
            {
                return false;
            }
        }
        return true;
    }

    public static int Hash<T>(IReadOnlyList<T> list)
    {
        unchecked
        {
            int hash = 17;
            var comparer = EqualityComparer<T>.Default;
            foreach (var item in list)
            {
                hash = (hash * 31) + (item is null ? 0 : comparer.GetHashCode(item));
            }
            return hash;
        }
    }
}
