using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace RuleLang.Benchmarks.Kernel;

/// <summary>
/// A network namespace this benchmark creates and deletes, named <c>rlbench-&lt;pid&gt;-&lt;n&gt;</c>. Every
/// ruleset is loaded into one of these, never into the host's namespace. Disposing kills what still runs inside
/// it (only processes this benchmark started there) and deletes it.
/// </summary>
public sealed class BenchNamespace : IDisposable
{
    private static int _counter;
    private bool _disposed;

    public BenchNamespace()
    {
        Name = string.Create(CultureInfo.InvariantCulture, $"rlbench-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}");
        Command.Run("ip", "netns", "add", Name).EnsureSuccess();
        Ip("link", "set", "lo", "up");
    }

    public string Name { get; }

    /// <summary><c>ip netns exec NAME program args…</c>, timed.</summary>
    public CommandResult Exec(IEnumerable<string> command, TimeSpan timeout) =>
        Command.Run("ip", new[] { "netns", "exec", Name }.Concat(command), timeout);

    public CommandResult Exec(params string[] command) => Exec(command, TimeSpan.FromMinutes(2));

    /// <summary><c>ip -n NAME args…</c>; throws when it fails (setting up a namespace must not fail quietly).</summary>
    public void Ip(params string[] arguments) =>
        Command.Run("ip", new[] { "-n", Name }.Concat(arguments), TimeSpan.FromSeconds(30)).EnsureSuccess();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        var pids = Command.Run("ip", "netns", "pids", Name).StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string pid in pids)
        {
            Command.Run("kill", "-9", pid);
        }
        var deleted = Command.Run("ip", "netns", "delete", Name);
        if (!deleted.Success)
        {
            Console.Error.WriteLine($"could not delete namespace {Name}: {deleted.StdErr.Trim()}");
        }
    }

    public override string ToString() => Name;
}
