using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RuleLang.KernelTests.Harness;

/// <summary>Runs host processes (argv, no shell) with a hard timeout; the whole process tree is killed on timeout.</summary>
internal static class ProcessRunner
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>How long to wait for stdout/stderr EOF after the process exited (a leaked grandchild may hold the pipes).</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    public static ProcessStartInfo CreateStartInfo(string fileName, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8NoBom,
            StandardOutputEncoding = Utf8NoBom,
            StandardErrorEncoding = Utf8NoBom,
        };
        foreach (string a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        // Stable (English) error messages, and the sbin directories even if the runner's PATH lacks them.
        psi.Environment["LC_ALL"] = "C";
        string path = psi.Environment.TryGetValue("PATH", out string? p) && !string.IsNullOrEmpty(p) ? p : "/usr/bin:/bin";
        foreach (string dir in new[] { "/usr/local/sbin", "/usr/sbin", "/sbin" })
        {
            if (!path.Split(':').Contains(dir))
            {
                path += ":" + dir;
            }
        }

        psi.Environment["PATH"] = path;
        return psi;
    }

    public static string Describe(string fileName, IEnumerable<string> arguments) =>
        string.Join(" ", new[] { fileName }.Concat(arguments).Select(a => a.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"') ? Shell.Quote(a) : a));

    public static ExecResult Run(string fileName, IReadOnlyList<string> arguments, string? stdin, TimeSpan timeout, string? workingDirectory = null)
    {
        string description = Describe(fileName, arguments);
        using var process = new Process { StartInfo = CreateStartInfo(fileName, arguments) };
        if (workingDirectory is not null)
        {
            process.StartInfo.WorkingDirectory = workingDirectory;
        }
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new ExecResult(127, "", $"cannot start {fileName}: {e.Message}", Command: description);
        }

        Task<string> stdoutTask = process.StandardOutput.ReadToEndAsync();
        Task<string> stderrTask = process.StandardError.ReadToEndAsync();

        // Feed stdin on the thread pool: a process that does not read must not block us past the timeout.
        StreamWriter input = process.StandardInput;
        _ = Task.Run(() =>
        {
            try
            {
                if (stdin is not null)
                {
                    input.Write(stdin);
                }

                input.Close();
            }
            catch (IOException)
            {
                // The process exited without reading everything (EPIPE): its exit code tells the story.
            }
            catch (ObjectDisposedException)
            {
            }
        });

        bool exited = process.WaitForExit(ToMilliseconds(timeout));
        if (!exited)
        {
            KillTree(process);
            process.WaitForExit(5000);
        }

        try
        {
            Task.WaitAll(new Task[] { stdoutTask, stderrTask }, DrainTimeout);
        }
        catch (AggregateException)
        {
            // Reported below as empty output.
        }

        string stdout = stdoutTask.IsCompletedSuccessfully ? stdoutTask.Result : "";
        string stderr = stderrTask.IsCompletedSuccessfully ? stderrTask.Result : "";
        int exitCode = process.HasExited ? process.ExitCode : -1;
        return new ExecResult(exited ? exitCode : -1, stdout, stderr, TimedOut: !exited, Command: description);
    }

    /// <summary>
    /// Starts a process, writes <paramref name="stdin"/> (binary) and closes stdin, then reads stdout until
    /// <paramref name="stop"/> accepts the bytes seen so far, the process ends, or <paramref name="timeout"/> passes.
    /// The process tree is killed in any case. Returns whether <paramref name="stop"/> accepted, and all bytes read.
    /// </summary>
    public static (bool Matched, byte[] Output) RunUntil(
        string fileName, IReadOnlyList<string> arguments, byte[] stdin, Func<byte[], bool> stop, TimeSpan timeout)
    {
        using var process = new Process { StartInfo = CreateStartInfo(fileName, arguments) };
        process.Start();
        Task<string> stderrTask = process.StandardError.ReadToEndAsync();
        var collected = new MemoryStream();
        bool matched = false;
        try
        {
            try
            {
                Stream input = process.StandardInput.BaseStream;
                input.Write(stdin, 0, stdin.Length);
                input.Flush();
                process.StandardInput.Close();
            }
            catch (IOException)
            {
            }

            Stream output = process.StandardOutput.BaseStream;
            var buffer = new byte[4096];
            var deadline = Stopwatch.StartNew();
            using var cts = new CancellationTokenSource();
            while (!matched)
            {
                TimeSpan left = timeout - deadline.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                Task<int> read = output.ReadAsync(buffer, 0, buffer.Length, cts.Token);
                if (!read.Wait(left))
                {
                    cts.Cancel();
                    break;
                }

                int n = read.Result;
                if (n <= 0)
                {
                    break;
                }

                collected.Write(buffer, 0, n);
                matched = stop(collected.ToArray());
            }
        }
        catch (AggregateException)
        {
            // Read cancelled or pipe broken: treat as end of output.
        }
        finally
        {
            if (!process.HasExited)
            {
                KillTree(process);
            }

            process.WaitForExit(5000);
            stderrTask.Wait(DrainTimeout);
        }

        return (matched, collected.ToArray());
    }

    /// <summary>Kills the process, its process group and their descendants, and returns once none of them is alive.</summary>
    public static void KillTree(Process process)
    {
        int pid;
        bool exited;
        try
        {
            pid = process.Id;
            exited = process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return; // Never started.
        }

        // Once reaped, the leader's pid may in principle belong to another process: then only its group is ours
        // (a pid is not handed out again while a process group of that id lives).
        ProcessTree.KillGroup(pid, includeLeader: !exited);
    }

    public static int ToMilliseconds(TimeSpan span) =>
        (int)Math.Clamp(span.TotalMilliseconds, 1, int.MaxValue);
}
