using System;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// The probability -m statistic --mode random really has: iptables stores lround(p·2³¹) and the kernel matches
/// when a random 31-bit number is below it, so 1/3 is 715827883/2³¹ = 0.33333333349, not 1/3.
/// </summary>
public static class KernelProbability
{
    private const double Scale = 2147483648.0;

    public static double Of(double probability)
    {
        double stored = Math.Round(Math.Max(0, Math.Min(1, probability)) * Scale, MidpointRounding.AwayFromZero);
        return stored / Scale;
    }
}
