using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace RuleLang.Benchmarks.Kernel;

/// <summary>What the figures depend on besides the code: cores, kernel, tool versions, and how busy the machine was.</summary>
public sealed record MachineFacts(string Cores, string Cpu, string Kernel, string Nft, string Iptables, string Runtime, string LoadBefore, DateTime Started)
{
    public string LoadAfter { get; init; } = "";

    public static MachineFacts Read() => new(
        Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
        CpuModel(),
        Command.Run("uname", "-r").StdOut.Trim(),
        Command.Run("nft", "--version").StdOut.Trim(),
        Command.Run("iptables", "--version").StdOut.Trim(),
        RuntimeInformation.FrameworkDescription,
        LoadAverage(),
        DateTime.UtcNow);

    /// <summary>The 1, 5 and 15 minute load averages: other work on the machine slows every figure.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    public string Markdown()
    {
        var md = new StringBuilder();
        md.Append(FormattableString.Invariant($"Machine: {Cores} cores ({Cpu}), kernel {Kernel}, {Nft}, {Iptables} (so `iptables-restore` loads nf_tables rules), {Runtime}.\n"));
        md.Append(FormattableString.Invariant($"Run started {Started:yyyy-MM-dd HH:mm} UTC; load average (1, 5, 15 min) {LoadBefore} at the start"));
        md.Append(LoadAfter.Length > 0 ? $", {LoadAfter} at the end.\n" : " (run in progress or stopped).\n");
        return md.ToString();
    }

    private static string CpuModel()
    {
        foreach (string line in File.ReadLines("/proc/cpuinfo"))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal))
            {
                return line.Split(':', 2)[1].Trim();
            }
        }
        return "unknown CPU";
    }
}
