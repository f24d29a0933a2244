using System.Collections.Generic;
using System.Numerics;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Symbolic;

/// <summary>Addresses as integers: a network is an interval, and an interval prints back as the fewest CIDRs.</summary>
public static class AddressRanges
{
    public static int Bits(IpFamily family) => family == IpFamily.IPv4 ? 32 : 128;

    public static BigInteger Max(IpFamily family) => (BigInteger.One << Bits(family)) - 1;

    public static (BigInteger Low, BigInteger High) Range(IpNetwork network)
    {
        var bytes = network.Network.GetAddressBytes();
        BigInteger low = BigInteger.Zero;
        foreach (var b in bytes)
        {
            low = (low << 8) | b;
        }
        int hostBits = (bytes.Length * 8) - network.PrefixLength;
        return (low, low | ((BigInteger.One << hostBits) - 1));
    }

    public static IntervalSet Set(IpNetwork network)
    {
        var (low, high) = Range(network);
        return IntervalSet.Range(low, high);
    }

    public static string Format(IpFamily family, BigInteger value)
    {
        int length = Bits(family) / 8;
        var bytes = new byte[length];
        for (int i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xff);
            value >>= 8;
        }
        return new System.Net.IPAddress(bytes).ToString();
    }

    public static bool TryParse(string text, out IpFamily family, out BigInteger value)
    {
        family = IpFamily.IPv4;
        value = 0;
        if (!IpNetwork.TryParse(text, out var network, out _) || !network.IsHost)
        {
            return false;
        }
        family = network.Family;
        value = Range(network).Low;
        return true;
    }

    /// <summary>The interval as the fewest CIDR blocks, lowest first.</summary>
    public static IEnumerable<string> Cidrs(IpFamily family, BigInteger low, BigInteger high)
    {
        int bits = Bits(family);
        while (low <= high)
        {
            int size = 0;
            while (size < bits && (low & ((BigInteger.One << (size + 1)) - 1)) == 0 && low + (BigInteger.One << (size + 1)) - 1 <= high)
            {
                size++;
            }
            yield return Format(family, low) + "/" + (bits - size).ToString(System.Globalization.CultureInfo.InvariantCulture);
            low += BigInteger.One << size;
        }
    }
}
