using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace RuleLang.Benchmarks.Kernel;

/// <summary>What a finished (or killed) command left: exit code, output, wall time.</summary>
public sealed record CommandResult(string Command, int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed, bool TimedOut)
{
    public bool Success => !TimedOut && ExitCode == 0;

    public CommandResult EnsureSuccess()
    {
        if (!Success)
        {
            string why = TimedOut ? $"timed out after {Elapsed.TotalSeconds:F0} s" : $"exit {ExitCode}";
            string detail = StdErr.Length > 0 ? StdErr : StdOut;
            throw new InvalidOperationException($"`{Command}` failed ({why}): {Tail(detail)}");
        }
        return this;
    }

    private static string Tail(string text) => text.Length <= 600 ? text.Trim() : "…" + text[^600..].Trim();
}

/// <summary>Runs a program without a shell and times it from start to exit.</summary>
public static class Command
{
    public static CommandResult Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        string text = program + " " + string.Join(' ', start.ArgumentList);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            // Only this process and its children (ip netns exec execs the tool in place).
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        else
        {
            process.WaitForExit();
        }
        clock.Stop();
        return new CommandResult(text, exited ? process.ExitCode : -1, stdout.Result, stderr.Result, clock.Elapsed, !exited);
    }

    public static CommandResult Run(IReadOnlyList<string> command, TimeSpan timeout) => Run(command[0], command.Skip(1), timeout);

    public static CommandResult Run(string program, params string[] arguments) => Run(program, arguments, TimeSpan.FromMinutes(2));

    /// <summary>
    /// Starts a long-running program and waits until it prints <paramref name="readyLine"/>; the caller kills it
    /// (by this <see cref="Process"/>, never by name).
    /// </summary>
    public static Process StartUntil(IReadOnlyList<string> command, string readyLine, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + command[0]);
        Task<string?> line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(timeout) || line.Result != readyLine)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"`{string.Join(' ', command)}` did not print '{readyLine}' within {timeout.TotalSeconds:F0} s");
        }
        return process;
    }

    /// <summary>The dotnet host and this benchmark's own assembly: how a child benchmark process is started.</summary>
    public static IReadOnlyList<string> Self(params string[] arguments)
    {
        string host = Environment.ProcessPath ?? "dotnet";
        string assembly = typeof(Command).Assembly.Location;
        return new[] { host, assembly }.Concat(arguments).ToArray();
    }
}
