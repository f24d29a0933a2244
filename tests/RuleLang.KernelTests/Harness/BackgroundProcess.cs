using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace RuleLang.KernelTests.Harness;

/// <summary>
/// A long-running process inside a namespace (e.g. a server). Killed with its whole process tree and reaped on
/// <see cref="Dispose"/> or when its namespace is disposed. Its lifetime is also capped by timeout(1), so it dies
/// even if the test host is killed.
/// </summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Action<BackgroundProcess>? _onDispose;
    private bool _disposed;

    internal BackgroundProcess(string fileName, IReadOnlyList<string> arguments, string command, Action<BackgroundProcess>? onDispose)
    {
        Command = command;
        _onDispose = onDispose;
        _process = new Process { StartInfo = ProcessRunner.CreateStartInfo(fileName, arguments) };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _process.StandardInput.Close();
        Pid = _process.Id;
    }

    /// <summary>The shell command as given to <see cref="NetNamespace.Start"/>.</summary>
    public string Command { get; }

    /// <summary>Host pid of the outer (ip netns exec) process.</summary>
    public int Pid { get; }

    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>Exit code once exited, else null.</summary>
    public int? ExitCode
    {
        get
        {
            try
            {
                return _process.HasExited ? _process.ExitCode : null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>Snapshot of stdout lines received so far.</summary>
    public string StdOut
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Snapshot of stderr lines received so far.</summary>
    public string StdErr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(ProcessRunner.ToMilliseconds(timeout));

    /// <summary>Kills the process tree (idempotent) and waits for it to be reaped.</summary>
    public void Kill()
    {
        ProcessRunner.KillTree(_process);
        _process.WaitForExit(5000);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        _process.Dispose();
        _onDispose?.Invoke(this);
    }

    public override string ToString() => $"[{Pid}] {Command}";

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sb)
        {
            sb.Append(line).Append('\n');
        }
    }
}
