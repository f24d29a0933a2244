using RuleLang.Backends.Nftables;
using RuleLang.Model.Netfilter;

namespace RuleLang.Importers.Nftables;

/// <summary>
/// Which iptables table and built-in chain an nft base chain stands for: its hook, and the type and priority the
/// nft back end gives that table's chain there (<see cref="NftBackend.ChainType"/>, <see cref="NetfilterFacts.Priority"/>).
/// Any other priority is not guessed: a chain at filter + 10 runs after filter, and no iptables table runs there.
/// </summary>
internal static class NftBaseChains
{
    public static bool TryMap(NftBaseChainSpec spec, out TableKind table, out Hook hook)
    {
        table = default;
        hook = default;
        if (!TryHook(spec.Hook, out hook))
        {
            return false;
        }
        foreach (TableKind candidate in System.Enum.GetValues(typeof(TableKind)))
        {
            if (NetfilterFacts.HasBuiltinChain(candidate, hook)
                && NftBackend.ChainType(candidate, hook) == spec.Type
                && NetfilterFacts.Priority(candidate, hook) == spec.Priority)
            {
                table = candidate;
                return true;
            }
        }
        return false;
    }

    private static bool TryHook(string word, out Hook hook)
    {
        hook = default;
        return word is "prerouting" or "input" or "forward" or "output" or "postrouting"
            && NetfilterFacts.TryParseHook(word.ToUpperInvariant(), out hook);
    }
}
