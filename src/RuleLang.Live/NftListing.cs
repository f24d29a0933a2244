using System.Linq;
using System.Text.RegularExpressions;

namespace RuleLang.Live;

/// <summary>
/// `nft list table` output with what the kernel changes on its own taken out: counter values (packets and bytes
/// counted since the load), the time left on set elements (`expires 9s`), and trailing blanks.
/// </summary>
public static class NftListing
{
    private static readonly Regex Counter = new(@"counter packets \d+ bytes \d+", RegexOptions.CultureInvariant);
    private static readonly Regex Expires = new(@" expires [0-9a-z]+", RegexOptions.CultureInvariant);

    public static string NormalForm(string listing) =>
        string.Join("\n", listing.Replace("\r", "").Split('\n')
            .Select(l => Expires.Replace(Counter.Replace(l, "counter packets 0 bytes 0"), "").TrimEnd())
            .Where(l => l.Length > 0)) + "\n";
}
