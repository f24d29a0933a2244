using System.Globalization;
using System.Text.RegularExpressions;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests.Support;

/// <summary>
/// Named nft counters in a table of their own (<c>inet rlprobe</c>), to watch packets at a hook whatever back end
/// loaded the firewall: a base chain that only counts and accepts changes no verdict of another table.
/// </summary>
internal static class NftProbe
{
    public const string Table = "rlprobe";
    private static readonly Regex PacketCount = new(@"packets (\d+)", RegexOptions.CultureInvariant);

    /// <summary>Adds a base chain at <paramref name="hook"/> and <paramref name="priority"/> counting what <paramref name="match"/> matches into counter <paramref name="counter"/>.</summary>
    public static void Count(NetNamespace ns, string counter, string hook, int priority, string match)
    {
        string script =
            $"table inet {Table} {{\n" +
            $"\tcounter {counter} {{ }}\n" +
            $"\tchain {counter}_at_{hook} {{\n\t\ttype filter hook {hook} priority {priority.ToString(CultureInfo.InvariantCulture)}; policy accept;\n\t\t{match} counter name \"{counter}\"\n\t}}\n" +
            "}\n";
        ns.LoadNft(script).EnsureSuccess($"probe {counter}");
    }

    public static long Packets(NetNamespace ns, string counter)
    {
        string listed = ns.Exec($"nft list counter inet {Table} {counter}").EnsureSuccess($"nft list counter {counter}").StdOut;
        Match m = PacketCount.Match(listed);
        return m.Success ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : throw new System.FormatException($"no packet count in: {listed}");
    }
}
