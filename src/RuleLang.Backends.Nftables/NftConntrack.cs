using System.Linq;
using System.Globalization;
using RuleLang.Model.Matches;
using RuleLang.Model.Values;

namespace RuleLang.Backends.Nftables;

/// <summary>nft's spelling of the conntrack tests that have no packet field: ct status and ct expiration.</summary>
internal static class NftConntrack
{
    /// <summary>
    /// nft keeps ct expiration in milliseconds in 32 bits and refuses a larger value; conntrack timeouts are days
    /// at most, so a range reaching past it is open-ended.
    /// </summary>
    private const long MaxMilliseconds = 4294967000;

    /// <summary>The status bits as nft names them, in bit order (nft lists them so): expected,seen-reply,assured,confirmed.</summary>
    public static string Status(ConntrackStatus status) => string.Join(",", ConntrackStatusNames.Of(status).Select(b => b.Nft));

    /// <summary>
    /// iptables compares whole seconds left, rounded down, so MIN:MAX is MIN*1000 ms to MAX*1000+999 ms in nft's
    /// milliseconds (nft lists the range back in whole seconds, dropping the 999 ms).
    /// </summary>
    public static string Expiration(ConntrackExpireMatch match)
    {
        long low = match.Min * 1000L;
        long high = match.Max * 1000L + 999;
        if (high > MaxMilliseconds)
        {
            return "ct expiration " + (match.Negated ? "< " : ">= ") + Ms(low);
        }
        return "ct expiration " + (match.Negated ? "!= " : "") + Ms(low) + "-" + Ms(high);
    }

    private static string Ms(long value) => value.ToString(CultureInfo.InvariantCulture) + "ms";
}
