using System;
using System.Globalization;
using System.Text;

namespace RuleLang.Importers.Kubernetes;

/// <summary>
/// An address or CIDR read the way kube-proxy reads the API's (k8s.io/utils/net ParseIPSloppy and
/// ParseCIDRSloppy, the parser Go had before 1.17): each IPv4 part, also the dotted tail of an IPv6 address, and
/// the prefix length may carry leading zeros, and they are decimal, so <c>172.30.0.041</c> is 172.30.0.41 and
/// <c>203.0.113.000/025</c> is 203.0.113.0/25. Objects the API server accepted before it grew strict still hold
/// such addresses, and kube-proxy programs them.
/// </summary>
internal static class SloppyAddress
{
    /// <summary>
    /// The text with the leading zeros gone, when it has any and is an address or CIDR once they are; else the text
    /// as it was (the caller's strict parse then judges it).
    /// </summary>
    public static string Canonical(string text)
    {
        int slash = text.IndexOf('/');
        string address = slash < 0 ? text : text.Substring(0, slash);
        string? prefix = slash < 0 ? null : text.Substring(slash + 1);
        if (prefix is not null && !TryDecimal(prefix, 128, out prefix))
        {
            return text;
        }
        int colon = address.LastIndexOf(':');
        // An IPv6 address has dotted parts only in its last group (::ffff:1.2.3.4).
        string head = colon < 0 ? "" : address.Substring(0, colon + 1);
        string tail = colon < 0 ? address : address.Substring(colon + 1);
        if (tail.IndexOf('.') >= 0)
        {
            string[] parts = tail.Split('.');
            if (parts.Length != 4)
            {
                return text;
            }
            var dotted = new StringBuilder(tail.Length);
            for (int i = 0; i < parts.Length; i++)
            {
                if (!TryDecimal(parts[i], 255, out string part))
                {
                    return text;
                }
                dotted.Append(i == 0 ? "" : ".").Append(part);
            }
            tail = dotted.ToString();
        }
        return head + tail + (prefix is null ? "" : "/" + prefix);
    }

    /// <summary>Decimal digits only (any number of leading zeros), at most <paramref name="max"/>: the value without its zeros.</summary>
    private static bool TryDecimal(string digits, int max, out string value)
    {
        value = digits;
        if (digits.Length == 0)
        {
            return false;
        }
        foreach (char c in digits)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }
        string trimmed = digits.TrimStart('0');
        if (trimmed.Length == 0)
        {
            value = "0";
            return true;
        }
        if (trimmed.Length > 3 || int.Parse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture) > max)
        {
            return false;
        }
        value = trimmed;
        return true;
    }
}
