using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;

namespace RuleLang.KernelTests.Harness;

/// <summary>
/// A network namespace owned by the test process, named <c>rl-&lt;pid&gt;-&lt;counter&gt;[-label]</c>.
/// Created with loopback up and IPv6 DAD disabled (addresses usable at once). <see cref="Dispose"/> kills every
/// process inside it and deletes it; veth pairs die with it. Nothing here touches the host's own namespace.
/// </summary>
public sealed class NetNamespace : IDisposable
{
    /// <summary>Default timeout for <see cref="Exec"/>.</summary>
    public static readonly TimeSpan DefaultExecTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default lifetime cap for <see cref="Start"/>ed processes.</summary>
    public static readonly TimeSpan DefaultProcessLifetime = TimeSpan.FromMinutes(10);

    private const string Prefix = "rl-";
    private static readonly Regex OwnedName = new(@"^rl-(\d+)-\d+(-[a-z0-9]+)?$", RegexOptions.CultureInvariant);
    private static readonly ConcurrentDictionary<string, NetNamespace> Live = new();
    private static int _counter;
    private static int _exitHookInstalled;

    private readonly List<BackgroundProcess> _processes = new();
    private readonly Dictionary<string, int> _interfaceCounters = new();
    private int _disposed;

    /// <summary>Creates the namespace (ip netns add), brings lo up and disables IPv6 DAD inside it.</summary>
    /// <param name="label">Optional short tag ([a-z0-9], max 10 chars) appended to the name for diagnostics.</param>
    public NetNamespace(string? label = null)
    {
        InstallExitHook();
        int n = Interlocked.Increment(ref _counter);
        string suffix = label is null ? "" : "-" + SanitizeLabel(label);
        Name = $"{Prefix}{Environment.ProcessId}-{n}{suffix}";

        Ip("netns", "add", Name).EnsureSuccess($"ip netns add {Name}");
        Live[Name] = this;
        try
        {
            Ip("-n", Name, "link", "set", "lo", "up").EnsureSuccess("bringing lo up");

            // Before any interface exists, so every interface created later inherits 'default'. Optional: the
            // kernel may lack IPv6.
            Exec("sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 2>/dev/null || true");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The namespace name as used with <c>ip netns exec</c> / <c>ip -n</c>.</summary>
    public string Name { get; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Runs <c>ip netns exec NAME sh -c COMMAND</c>, optionally feeding <paramref name="stdin"/>.</summary>
    public ExecResult Exec(string command, TimeSpan? timeout = null, string? stdin = null)
    {
        ThrowIfDisposed();
        TimeSpan t = timeout ?? DefaultExecTimeout;

        // timeout(1) is a backstop should this test process die mid-command; the C# side kills at t.
        string[] args = { "netns", "exec", Name, "timeout", "-k", "2", Shell.Seconds(t + TimeSpan.FromSeconds(5)), "sh", "-c", command };
        ExecResult r = ProcessRunner.Run("ip", args, stdin, t);
        return r with { Command = $"[{Name}] {command}" };
    }

    /// <summary>Starts <c>sh -c COMMAND</c> in the namespace in the background.</summary>
    /// <param name="command">Shell command; prefix with <c>exec</c> to avoid an intermediate shell.</param>
    /// <param name="lifetime">Hard cap (timeout(1)) on how long the process may live; default 10 minutes.</param>
    public BackgroundProcess Start(string command, TimeSpan? lifetime = null)
    {
        ThrowIfDisposed();
        string[] args = { "netns", "exec", Name, "timeout", "-k", "2", Shell.Seconds(lifetime ?? DefaultProcessLifetime), "sh", "-c", command };
        var p = new BackgroundProcess("ip", args, command, Forget);
        lock (_processes)
        {
            _processes.Add(p);
        }

        return p;
    }

    /// <summary>Enables IPv4 and IPv6 forwarding inside this namespace only.</summary>
    public void EnableForwarding()
    {
        Exec("sysctl -qw net.ipv4.ip_forward=1").EnsureSuccess("enabling IPv4 forwarding");
        Exec("if [ -e /proc/sys/net/ipv6/conf/all/forwarding ]; then sysctl -qw net.ipv6.conf.all.forwarding=1; fi")
            .EnsureSuccess("enabling IPv6 forwarding");
    }

    /// <summary>
    /// Pipes <paramref name="text"/> to iptables-restore / ip6tables-restore inside the namespace. Returns the
    /// result as is (exit code, stderr such as "line 7: RULE_APPEND failed (Invalid argument)").
    /// </summary>
    public ExecResult RestoreIptables(string text, IpFamily family = IpFamily.V4, bool noFlush = false)
    {
        string tool = family == IpFamily.V6 ? "ip6tables-restore" : "iptables-restore";
        return Exec(noFlush ? tool + " --noflush" : tool, stdin: text);
    }

    /// <inheritdoc cref="RestoreIptables(string, IpFamily, bool)"/>
    public ExecResult RestoreIptables(string text, bool ipv6) => RestoreIptables(text, ipv6 ? IpFamily.V6 : IpFamily.V4);

    /// <summary>Returns iptables-save / ip6tables-save output of this namespace (throws on failure).</summary>
    public string SaveIptables(IpFamily family = IpFamily.V4) =>
        Exec(family == IpFamily.V6 ? "ip6tables-save" : "iptables-save").EnsureSuccess("iptables-save").StdOut;

    /// <inheritdoc cref="SaveIptables(IpFamily)"/>
    public string SaveIptables(bool ipv6) => SaveIptables(ipv6 ? IpFamily.V6 : IpFamily.V4);

    /// <summary>Loads an nft script via <c>nft -f -</c> (stdin). Returns the result as is.</summary>
    public ExecResult LoadNft(string script) => Exec("nft -f -", stdin: script);

    /// <summary>Returns <c>nft list ruleset</c> of this namespace (throws on failure).</summary>
    public string ListNft() => Exec("nft list ruleset").EnsureSuccess("nft list ruleset").StdOut;

    /// <summary>Adds an address (CIDR) to a device; IPv6 addresses get <c>nodad</c>.</summary>
    public void AddAddress(string device, string cidr)
    {
        var args = new List<string> { "-n", Name };
        if (IpFamilyExtensions.FamilyOf(cidr) == IpFamily.V6)
        {
            args.Add("-6");
        }

        args.AddRange(new[] { "addr", "add", cidr, "dev", device });
        if (IpFamilyExtensions.FamilyOf(cidr) == IpFamily.V6)
        {
            args.Add("nodad");
        }

        Ip(args.ToArray()).EnsureSuccess($"adding {cidr} to {device} in {Name}");
    }

    /// <summary>Runs <c>ip -n NAME ARGS...</c> (no shell).</summary>
    public ExecResult IpCommand(params string[] args)
    {
        ThrowIfDisposed();
        return Ip(new[] { "-n", Name }.Concat(args).ToArray());
    }

    /// <summary>Host pids of the processes currently inside this namespace (ip netns pids).</summary>
    public IReadOnlyList<int> ProcessIds() => PidsIn(Name);

    /// <summary>Next free interface name with this prefix in this namespace: eth0, eth1, ...</summary>
    public string NextInterfaceName(string prefix = "eth")
    {
        lock (_interfaceCounters)
        {
            _interfaceCounters.TryGetValue(prefix, out int n);
            _interfaceCounters[prefix] = n + 1;
            string name = prefix + n.ToString(CultureInfo.InvariantCulture);
            if (name.Length > 15)
            {
                throw new ArgumentException($"interface name '{name}' is longer than 15 characters", nameof(prefix));
            }

            return name;
        }
    }

    /// <summary>Kills all processes in the namespace, then deletes it. Best effort, never throws.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        BackgroundProcess[] processes;
        lock (_processes)
        {
            processes = _processes.ToArray();
            _processes.Clear();
        }

        foreach (BackgroundProcess p in processes)
        {
            try
            {
                p.Dispose();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                Console.Error.WriteLine($"[kernel-harness] could not kill {p}: {e.Message}");
            }
        }

        Delete(Name);
        Live.TryRemove(Name, out _);
    }

    public override string ToString() => Name;

    /// <summary>Names of all network namespaces on the host (read-only: ip netns list).</summary>
    public static IReadOnlyList<string> ListAll()
    {
        ExecResult r = Ip("netns", "list");
        return r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ')[0])
            .ToArray();
    }

    /// <summary>True when a namespace of that name exists.</summary>
    public static bool Exists(string name) => File.Exists(Path.Combine("/run/netns", name)) || ListAll().Contains(name);

    /// <summary>
    /// Deletes namespaces <c>rl-PID-N</c> left behind by test runs whose process PID is gone (aborted runs).
    /// Returns how many were deleted. Namespaces of live processes, and any other namespace, are left alone.
    /// </summary>
    public static int CleanupStale()
    {
        int deleted = 0;
        foreach (string name in ListAll())
        {
            Match m = OwnedName.Match(name);
            if (!m.Success || !int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            if (pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            Delete(name);
            deleted++;
        }

        return deleted;
    }

    /// <summary>Disposes every namespace this process still has (used at the end of the run).</summary>
    public static void DisposeAllLive()
    {
        foreach (NetNamespace ns in Live.Values.ToArray())
        {
            ns.Dispose();
        }
    }

    internal static ExecResult Ip(params string[] args) => ProcessRunner.Run("ip", args, null, TimeSpan.FromSeconds(20));

    private static void Delete(string name)
    {
        // Processes inside the namespace are ours (the namespace is ours): kill them so it can really go away.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            int[] pids = PidsIn(name);
            if (pids.Length == 0)
            {
                break;
            }

            foreach (int pid in pids)
            {
                ProcessTree.Kill(pid);
            }

            ProcessTree.WaitGone(pids, TimeSpan.FromSeconds(3));
        }

        ExecResult del = Ip("netns", "delete", name);
        if (!del.Success && Exists(name))
        {
            Console.Error.WriteLine($"[kernel-harness] could not delete namespace {name}: {del.Describe()}");
        }
    }

    private static int[] PidsIn(string name)
    {
        ExecResult r = Ip("netns", "pids", name);
        if (!r.Success)
        {
            return Array.Empty<int>();
        }

        return r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : -1)
            .Where(pid => pid > 1 && pid != Environment.ProcessId)
            .ToArray();
    }

    private static string SanitizeLabel(string label)
    {
        string s = new(label.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9')).Take(10).ToArray());
        return s.Length == 0 ? "x" : s;
    }

    private static void InstallExitHook()
    {
        if (Interlocked.Exchange(ref _exitHookInstalled, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAllLive();
        }
    }

    private void Forget(BackgroundProcess p)
    {
        lock (_processes)
        {
            _processes.Remove(p);
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);
}
