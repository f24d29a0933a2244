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
    private const uint Scale = 10000;

    private static readonly (string Name, uint Mult)[] Units =
    {
        ("day", Scale * 24 * 60 * 60),
        ("hour", Scale * 60 * 60),
        ("min", Scale * 60),
        ("sec", Scale),
    };

    public static string Format(int rate, RateUnit unit)
    {
        uint mult = unit switch
        {
            RateUnit.Second => Units[3].Mult,
            RateUnit.Minute => Units[2].Mult,
            RateUnit.Hour => Units[1].Mult,
            _ => Units[0].Mult,
        };
        // The checker keeps rates at or below the kernel's finest period (10000/s); never divide by zero here.
        uint period = Math.Max(1u, mult / (uint)Math.Max(1, rate));
        int i;
        for (i = 1; i < Units.Length; i++)
        {
            if (period > Units[i].Mult || Units[i].Mult / period < Units[i].Mult % period)
            {
                break;
            }
        }
        return (Units[i - 1].Mult / period).ToString(CultureInfo.InvariantCulture) + "/" + Units[i - 1].Name;
    }
}
