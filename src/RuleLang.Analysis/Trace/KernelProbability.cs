using System;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// The probability -m statistic --mode random really has (<see cref="NetfilterFacts.StatisticRandomProbability"/>),
/// for any probability a traced rule may hold: one out of range is taken as the nearest the kernel can store.
/// </summary>
public static class KernelProbability
{
    public static double Of(double probability) => NetfilterFacts.StatisticRandomProbability(Math.Max(0, Math.Min(1, probability)));
}
