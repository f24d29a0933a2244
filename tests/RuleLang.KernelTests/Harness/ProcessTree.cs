using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace RuleLang.KernelTests.Harness;

/// <summary>
/// Killing a harness command for good, read from /proc. Every command runs as <c>ip netns exec NS timeout … sh -c …</c>:
/// <c>ip</c> execs timeout(1), and timeout makes itself a process-group leader before it forks the command. So the
/// whole tree of one command is the process group whose id is the started process's pid, and a child forked while
/// the kill is under way still joins that group (a walk of parent links taken once would miss it, and an orphan is
/// re-parented away from the tree). A SIGKILLed process also needs CPU time to die: on a loaded machine it can still
/// be listed in its namespace well after kill(2) returned. Hence: kill the group until none of it is alive.
/// </summary>
internal static class ProcessTree
{
    /// <summary>How long a SIGKILLed group may take to be gone; reached only on a badly overloaded machine.</summary>
    private static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(30);

    /// <summary>SIGKILLs the leader (when <paramref name="includeLeader"/>), every live member of its process group and their descendants, until none is left.</summary>
    public static void KillGroup(int leader, bool includeLeader)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            int[] alive = Members(leader, includeLeader).Where(IsAliveNotZombie).ToArray();
            if (alive.Length == 0 || sw.Elapsed > DeathTimeout)
            {
                return;
            }

            foreach (int pid in alive)
            {
                Kill(pid);
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>Waits until each pid is gone or a zombie (a zombie holds no namespace and no port).</summary>
    public static void WaitGone(IReadOnlyCollection<int> pids, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout && pids.Any(IsAliveNotZombie))
        {
            Thread.Sleep(20);
        }
    }

    public static bool IsAliveNotZombie(int pid) => Stat(pid) is { } stat && stat.State != 'Z';

    public static void Kill(int pid)
    {
        try
        {
            using Process p = Process.GetProcessById(pid);
            p.Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    /// <summary>The leader itself (when asked), its process group, and their descendants (by parent links).</summary>
    private static HashSet<int> Members(int leader, bool includeLeader)
    {
        var all = new List<(int Pid, ProcStat Stat)>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && Stat(pid) is { } stat)
            {
                all.Add((pid, stat));
            }
        }

        var members = new HashSet<int>(all.Where(p => p.Stat.Group == leader && p.Pid != leader).Select(p => p.Pid));
        if (includeLeader)
        {
            members.Add(leader);
        }
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var (pid, stat) in all)
            {
                if (members.Contains(stat.Parent) && members.Add(pid))
                {
                    grew = true;
                }
            }
        }

        members.Remove(Environment.ProcessId);
        if (!includeLeader)
        {
            members.Remove(leader);
        }

        return members;
    }

    private readonly record struct ProcStat(char State, int Parent, int Group);

    /// <summary>/proc/PID/stat: "pid (comm) S ppid pgrp …"; comm may hold spaces and parentheses, so read from the last ')'.</summary>
    private static ProcStat? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        int close = text.LastIndexOf(')');
        string[] fields = close < 0 ? Array.Empty<string>() : text[(close + 2)..].Split(' ');
        if (fields.Length < 3
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int parent)
            || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int group))
        {
            return null;
        }

        return new ProcStat(fields[0][0], parent, group);
    }
}
