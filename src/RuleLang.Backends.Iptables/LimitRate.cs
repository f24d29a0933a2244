using System;
using System.Globalization;
using RuleLang.Model.Values;

namespace RuleLang.Backends.Iptables;

/// <summary>
/// The kernel keeps a limit as a period, not as rate and unit, and iptables-save prints the period back in
/// the largest unit that divides it (60/min comes back as 1/sec). This reproduces that, so that what we emit
/// is what save prints.
/// </summary>
public static class LimitRate
{
    /// <summary>libxt_limit's periods are in 1/10000 s.</summary>
    private const ulong Scale = 10000;

    /// <summary>libxt_hashlimit's (revision 3) periods are in 1/1000000 s.</summary>
    private const ulong HashLimitScale = 1000000;

    private static readonly (string Name, ulong Seconds)[] Units =
    {
        ("day", 24 * 60 * 60),
        ("hour", 60 * 60),
        ("min", 60),
        ("sec", 1),
    };

    public static string Format(int rate, RateUnit unit) => Format(rate, unit, Scale, out _);

    /// <summary>
    /// -m hashlimit's rate as iptables-save prints it, and the printed unit in milliseconds: libxt_hashlimit leaves
    /// out --hashlimit-htable-expire when it equals that unit.
    /// </summary>
    public static string FormatHashLimit(int rate, RateUnit unit, out long unitMilliseconds)
    {
        string text = Format(rate, unit, HashLimitScale, out ulong seconds);
        unitMilliseconds = (long)seconds * 1000;
        return text;
    }

    private static string Format(int rate, RateUnit unit, ulong scale, out ulong printedUnitSeconds)
    {
        ulong seconds = unit switch
        {
            RateUnit.Second => Units[3].Seconds,
            RateUnit.Minute => Units[2].Seconds,
            RateUnit.Hour => Units[1].Seconds,
            _ => Units[0].Seconds,
        };
        // The checker keeps rates at or below the kernel's finest period; never divide by zero here.
        ulong period = Math.Max(1ul, scale * seconds / (ulong)Math.Max(1, rate));
        int i;
        for (i = 1; i < Units.Length; i++)
        {
            ulong mult = scale * Units[i].Seconds;
            if (period > mult || mult / period < mult % period)
            {
                break;
            }
        }
        printedUnitSeconds = Units[i - 1].Seconds;
        return (scale * Units[i - 1].Seconds / period).ToString(CultureInfo.InvariantCulture) + "/" + Units[i - 1].Name;
    }
}
