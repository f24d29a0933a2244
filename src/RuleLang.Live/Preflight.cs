using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RuleLang.Live;

/// <summary>
/// What must hold before a command reads or changes the kernel: root, and every tool it will run. Checked up
/// front, so a missing tool is named before anything is touched rather than half way through an apply.
/// </summary>
public static class Preflight
{
    /// <summary>The tools a set of rulesets needs, in the order they are checked.</summary>
    public static IReadOnlyList<string> ToolsFor(IEnumerable<LiveFamily> families, LiveTarget target)
    {
        var tools = new List<string>();
        if (target.Netns is not null)
        {
            tools.Add("ip");
        }
        foreach (var family in families.Distinct().OrderBy(f => f))
        {
            tools.AddRange(family switch
            {
                LiveFamily.Iptables => new[] { "iptables-save", "iptables-restore" },
                LiveFamily.Ip6tables => new[] { "ip6tables-save", "ip6tables-restore" },
                _ => new[] { "nft" },
            });
        }
        return tools;
    }

    /// <summary>The problems, each a plain sentence's subject: empty when the command may go on.</summary>
    /// <param name="isRoot">Whether the process runs as root (Environment.IsPrivilegedProcess).</param>
    /// <param name="toolExists">How a tool is looked up (FindTool on a real host).</param>
    public static IReadOnlyList<PreflightProblem> Check(bool isRoot, IEnumerable<string> tools, Func<string, bool> toolExists)
    {
        var problems = new List<PreflightProblem>();
        if (!isRoot)
        {
            problems.Add(new PreflightProblem(PreflightProblemKind.NotRoot, ""));
        }
        problems.AddRange(tools.Where(t => !toolExists(t)).Select(t => new PreflightProblem(PreflightProblemKind.ToolMissing, t)));
        return problems;
    }

    /// <summary>True when the tool is an executable file in PATH or in the sbin folders (where root's tools live).</summary>
    public static bool FindTool(string tool) =>
        HostCommandRunner.SearchPath(Environment.GetEnvironmentVariable("PATH")).Split(':')
            .Where(folder => folder.Length > 0)
            .Select(folder => Path.Combine(folder, tool))
            .Any(IsExecutable);

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    /// <summary>The Debian package that holds a tool, for the message.</summary>
    public static string PackageOf(string tool) => tool switch
    {
        "nft" => "nftables",
        "ip" => "iproute2",
        "conntrack" => "conntrack",
        _ => "iptables",
    };
}
