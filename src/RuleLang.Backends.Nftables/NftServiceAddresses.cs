using RuleLang.Model.Values;

namespace RuleLang.Backends.Nftables;

/// <summary>Address arithmetic the services layouts need on the checker's address texts.</summary>
internal static class NftServiceAddresses
{
    /// <summary>
    /// The range holds the address or network: its prefix is no longer, and their first prefix-length bits agree.
    /// False for texts that do not parse or for different families.
    /// </summary>
    public static bool Contains(string range, string address)
    {
        if (!IpNetwork.TryParse(range, out var network, out _) || !IpNetwork.TryParse(address, out var inner, out _)
            || network.Family != inner.Family || network.PrefixLength > inner.PrefixLength)
        {
            return false;
        }
        byte[] a = network.GetAddressBytes();
        byte[] b = inner.GetAddressBytes();
        for (int bit = 0; bit < network.PrefixLength; bit++)
        {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask))
            {
                return false;
            }
        }
        return true;
    }
}
