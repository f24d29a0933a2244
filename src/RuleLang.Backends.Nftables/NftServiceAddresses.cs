using RuleLang.Model.Values;

namespace RuleLang.Backends.Nftables;

/// <summary>Address arithmetic the services layouts need on the checker's address texts.</summary>
internal static class NftServiceAddresses
{
    /// <summary>
    /// The range holds the address or network: its prefix is no longer, and their first prefix-length bits agree.
    /// False for texts that do not parse or for different families.
    /// </summary>
    public static bool Contains(string range, string address) => IpNetwork.Contains(range, address);
}
