using System;
using System.Globalization;

namespace RuleLang.KernelTests.Harness;

/// <summary>Helpers to build POSIX sh command lines safely.</summary>
public static class Shell
{
    /// <summary>Single-quotes <paramref name="value"/> for sh (embedded quotes become '\'').</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Seconds as an invariant decimal string (e.g. "1.5"), as accepted by socat and timeout(1).</summary>
    public static string Seconds(TimeSpan span) =>
        Math.Max(0.001, span.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture);
}
