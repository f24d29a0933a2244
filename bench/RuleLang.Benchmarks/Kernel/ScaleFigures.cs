namespace RuleLang.Benchmarks.Kernel;

/// <summary>
/// One row of the scale benchmark: one output at one cluster size. Null means not measured; <see cref="LoadNote"/>
/// says why (a load that ran past its time limit, a load the kernel refused).
/// </summary>
public sealed record ScaleFigures(int Services, string Output)
{
    public long Lines { get; init; }

    public long Bytes { get; init; }

    /// <summary>Check, lower and print in a fresh process, JIT included.</summary>
    public double? CompileColdS { get; init; }

    /// <summary>The same compile again in that process.</summary>
    public double? CompileWarmS { get; init; }

    /// <summary>The compiling process's peak working set, in MiB.</summary>
    public long? PeakMb { get; init; }

    /// <summary><c>iptables-restore --test</c> (iptables output only).</summary>
    public double? TestParseS { get; init; }

    public double? LoadS { get; init; }

    public string LoadNote { get; init; } = "";

    public double? ConnectFirstMs { get; init; }

    public double? ConnectLastMs { get; init; }

    public double? LastOverFirst => ConnectFirstMs is > 0 && ConnectLastMs is { } last ? last / ConnectFirstMs : null;
}
