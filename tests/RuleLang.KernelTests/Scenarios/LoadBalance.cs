using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RuleLang.KernelTests.Scenarios;

/// <summary>
/// How evenly connections spread over a service's n endpoints. The tolerance is stated as 5 standard deviations
/// of the binomial count of one endpoint, Binomial(N, 1/n): relative to the expected N/n it is
/// ±5·√((n−1)/N), e.g. ±28.9 % for 2 endpoints and ±40.8 % for 3 at N = 300, ±20.4 % and ±28.9 % at N = 600.
/// A fair balancer fails it with a probability below 10⁻⁶ per endpoint, so a failure means a skewed one.
/// </summary>
public static class LoadBalance
{
    public const double Sigmas = 5.0;

    public static Spread Measure(IReadOnlyDictionary<string, int> counts, IReadOnlyList<string> endpoints)
    {
        int total = counts.Values.Sum();
        int n = endpoints.Count;
        double expected = (double)total / n;
        double tolerance = Sigmas * Math.Sqrt((n - 1.0) / Math.Max(1, total));
        var shares = endpoints.Select(e => (Endpoint: e, Count: counts.GetValueOrDefault(e))).ToArray();
        double chi2 = shares.Sum(s => (s.Count - expected) * (s.Count - expected) / expected);
        double maxDeviation = shares.Max(s => Math.Abs(s.Count - expected) / expected);
        return new Spread(total, n, expected, tolerance, shares, maxDeviation, chi2);
    }

    public sealed record Spread(int Total, int Endpoints, double Expected, double Tolerance, (string Endpoint, int Count)[] Shares, double MaxDeviation, double ChiSquare)
    {
        public bool WithinTolerance => MaxDeviation <= Tolerance;

        public override string ToString()
        {
            string each = string.Join(", ", Shares.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{s.Endpoint} {s.Count} ({(s.Count - Expected) / Expected:+0.0%;-0.0%;0.0%})")));
            return string.Create(CultureInfo.InvariantCulture,
                $"{Total} connections over {Endpoints} endpoints, expected {Expected:0.#} each, tolerance ±{Tolerance:0.0%} ({Sigmas}σ): {each}; max deviation {MaxDeviation:0.0%}, χ² {ChiSquare:0.00} (df {Endpoints - 1})");
        }
    }
}
