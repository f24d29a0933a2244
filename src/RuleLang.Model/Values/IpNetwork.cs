using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RuleLang.Model.Netfilter;

namespace RuleLang.Model.Values;

/// <summary>
/// An address with a prefix length, as iptables takes for -s and -d. Written for netstandard2.0, which has no
/// System.Net.IPNetwork, and stricter than IPAddress.Parse, which accepts "10.1" as 10.0.0.1.
/// </summary>
public readonly struct IpNetwork : IEquatable<IpNetwork>
{
    private readonly byte[] _address;

    private IpNetwork(byte[] address, int prefixLength)
    {
        _address = address;
        PrefixLength = prefixLength;
    }

    public IpFamily Family => _address.Length == 4 ? IpFamily.IPv4 : IpFamily.IPv6;

    public int PrefixLength { get; }

    public int MaxPrefixLength => _address.Length * 8;

    public bool IsHost => PrefixLength == MaxPrefixLength;

    /// <summary>True when bits past the prefix are set, as in 192.168.1.5/24; the kernel silently clears them.</summary>
    public bool HasHostBits
    {
        get
        {
            int whole = PrefixLength / 8;
            int rest = PrefixLength % 8;
            if (rest != 0 && (_address[whole] & (0xff >> rest)) != 0)
            {
                return true;
            }
            for (int i = whole + (rest != 0 ? 1 : 0); i < _address.Length; i++)
            {
                if (_address[i] != 0)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>The network with host bits cleared; the same value when there are none.</summary>
    public IpNetwork Network
    {
        get
        {
            if (!HasHostBits)
            {
                return this;
            }
            var masked = (byte[])_address.Clone();
            int whole = PrefixLength / 8;
            int rest = PrefixLength % 8;
            if (rest != 0)
            {
                masked[whole] &= (byte)(0xff << (8 - rest));
            }
            for (int i = whole + (rest != 0 ? 1 : 0); i < masked.Length; i++)
            {
                masked[i] = 0;
            }
            return new IpNetwork(masked, PrefixLength);
        }
    }

    /// <summary>The address (its own prefix ignored) lies in this network: same family, and the first PrefixLength bits agree.</summary>
    public bool Contains(IpNetwork address) =>
        address.Family == Family && new IpNetwork(address._address, PrefixLength).Network.Equals(Network);

    public byte[] GetAddressBytes() => (byte[])_address.Clone();

    /// <summary>The address alone, as iptables-save prints it (inet_ntop form).</summary>
    public string AddressText => Family == IpFamily.IPv4
        ? string.Concat(Octet(0), ".", Octet(1), ".", Octet(2), ".", Octet(3))
        : new IPAddress(_address).ToString();

    private string Octet(int i) => _address[i].ToString(CultureInfo.InvariantCulture);

    /// <summary>Address and prefix, always with the prefix: the form iptables-save prints.</summary>
    public override string ToString() => AddressText + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);

    /// <summary>Appends the ToString() form without making strings for IPv4, the common case in large rulesets.</summary>
    public void AppendTo(StringBuilder output, bool withPrefix = true)
    {
        if (Family == IpFamily.IPv4)
        {
            output.Append(_address[0]).Append('.').Append(_address[1]).Append('.').Append(_address[2]).Append('.').Append(_address[3]);
        }
        else
        {
            output.Append(AddressText);
        }
        if (withPrefix)
        {
            output.Append('/').Append(PrefixLength);
        }
    }

    public static bool TryParse(string? text, out IpNetwork network, out string error)
    {
        network = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "it is empty";
            return false;
        }
        string addressPart = text!;
        int? prefix = null;
        int slash = text!.IndexOf('/');
        if (slash >= 0)
        {
            addressPart = text.Substring(0, slash);
            string prefixPart = text.Substring(slash + 1);
            if (prefixPart.Length == 0 || prefixPart.Length > 3 || !IsDigits(prefixPart))
            {
                error = $"'{prefixPart}' is not a prefix length";
                return false;
            }
            prefix = int.Parse(prefixPart, CultureInfo.InvariantCulture);
        }

        byte[]? bytes = addressPart.IndexOf(':') >= 0 ? ParseIPv6(addressPart) : ParseIPv4(addressPart);
        if (bytes is null)
        {
            error = addressPart == text ? "it is not an IPv4 or IPv6 address" : $"'{addressPart}' is not an IPv4 or IPv6 address";
            return false;
        }
        int max = bytes.Length * 8;
        if (prefix > max)
        {
            error = $"the prefix length /{prefix} is longer than /{max}";
            return false;
        }
        network = new IpNetwork(bytes, prefix ?? max);
        error = "";
        return true;
    }

    public static IpNetwork Parse(string text) =>
        TryParse(text, out var network, out var error) ? network : throw new FormatException($"'{text}': {error}");

    /// <summary>Dotted quad, scanned in place: large policies parse tens of thousands of addresses.</summary>
    private static byte[]? ParseIPv4(string text)
    {
        var bytes = new byte[4];
        int octet = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            char c = i < text.Length ? text[i] : '.';
            if (c == '.')
            {
                // Leading zeros are refused: inet_aton would read them as octal.
                if (digits == 0 || octet > 3 || (digits > 1 && text[i - digits] == '0'))
                {
                    return null;
                }
                bytes[octet++] = (byte)value;
                value = 0;
                digits = 0;
            }
            else if (c >= '0' && c <= '9' && digits < 3)
            {
                value = (value * 10) + (c - '0');
                digits++;
                if (value > 255)
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
        }
        return octet == 4 ? bytes : null;
    }

    private static byte[]? ParseIPv6(string text)
    {
        foreach (char c in text)
        {
            bool ok = c is ':' or '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok)
            {
                return null;
            }
        }
        return IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? address.GetAddressBytes()
            : null;
    }

    private static bool IsDigits(string text)
    {
        foreach (char c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }
        return true;
    }

    public bool Equals(IpNetwork other)
    {
        if (PrefixLength != other.PrefixLength || _address.Length != other._address.Length)
        {
            return false;
        }
        for (int i = 0; i < _address.Length; i++)
        {
            if (_address[i] != other._address[i])
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is IpNetwork other && Equals(other);

    public override int GetHashCode()
    {
        int hash = PrefixLength;
        foreach (byte b in _address)
        {
            hash = (hash * 31) + b;
        }
        return hash;
    }
}
