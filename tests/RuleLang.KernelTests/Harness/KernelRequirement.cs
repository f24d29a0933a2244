using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace RuleLang.KernelTests.Harness;

/// <summary>
/// Gate for kernel tests: root, the tools below, and a working <c>ip netns add</c> + netfilter inside it.
/// When unmet the test FAILS if the environment variable CI is "true", and is ignored (with the reason) otherwise.
/// </summary>
public static class KernelRequirement
{
    /// <summary>Executables the harness needs (looked up in PATH plus the sbin directories).</summary>
    public static readonly IReadOnlyList<string> RequiredTools = new[]
    {
        "ip", "iptables-restore", "ip6tables-restore", "iptables-save", "ip6tables-save", "nft", "socat", "ss", "timeout", "sh", "sysctl",
    };

    private static readonly Lazy<string?> Problem = new(Probe);

    /// <summary>Null when kernel tests can run here, else why not.</summary>
    public static string? MissingReason => Problem.Value;

    /// <summary>True when running under CI (CI=true): unmet requirements are failures there.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Call from [OneTimeSetUp]/[SetUp]: fails (CI) or ignores (elsewhere) the test when unmet.</summary>
    public static void Ensure()
    {
        string? reason = MissingReason;
        if (reason is null)
        {
            return;
        }

        if (IsCi)
        {
            Assert.Fail($"Kernel tests cannot run, and CI=true requires them: {reason}");
        }

        Assert.Ignore($"Kernel tests skipped: {reason}");
    }

    /// <summary>Full path of a tool, or null.</summary>
    public static string? FindTool(string name)
    {
        IEnumerable<string> dirs = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(new[] { "/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin" });
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }

        if (EffectiveUid() != 0)
        {
            return "must run as root (network namespaces and netfilter need CAP_SYS_ADMIN/CAP_NET_ADMIN)";
        }

        string[] missing = RequiredTools.Where(t => FindTool(t) is null).ToArray();
        if (missing.Length > 0)
        {
            return $"missing tools: {string.Join(", ", missing)} (Debian: apt-get install iproute2 iptables nftables socat)";
        }

        try
        {
            NetNamespace.CleanupStale();
            using var ns = new NetNamespace("probe");
            ExecResult ipt = ns.Exec("iptables-save && ip6tables-save && nft list ruleset", TimeSpan.FromSeconds(15));
            if (!ipt.Success)
            {
                return $"netfilter unusable inside a network namespace: {ipt.Describe()}";
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException)
        {
            return $"cannot create a network namespace: {e.Message}";
        }

        return null;
    }

    private static int EffectiveUid()
    {
        try
        {
            // "Uid:\treal\teffective\tsaved\tfs"
            string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            string[] f = line?.Split(new[] { '\t', ' ' }, StringSplitOptions.RemoveEmptyEntries) ?? Array.Empty<string>();
            return f.Length > 2 && int.TryParse(f[2], out int uid) ? uid : -1;
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
