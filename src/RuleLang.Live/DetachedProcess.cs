using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace RuleLang.Live;

/// <summary>
/// Starts a process that outlives the one starting it, the SSH session and its terminal: under systemd (PID 1)
/// as a transient unit with `systemd-run` (so logind's KillUserProcesses cannot reap it with the session), and
/// elsewhere (containers, CI) with `setsid -f` in a new session, stdin, stdout and stderr on /dev/null.
/// </summary>
public static class DetachedProcess
{
    /// <returns>null when started, else why not.</returns>
    public static string? Start(IReadOnlyList<string> commandLine, string unitName, IReadOnlyDictionary<string, string> environment)
    {
        ProcessStartInfo start;
        if (Directory.Exists("/run/systemd/system") && Preflight.FindTool("systemd-run"))
        {
            start = new ProcessStartInfo("systemd-run");
            foreach (string arg in new[] { "--quiet", "--collect", "--unit=" + unitName })
            {
                start.ArgumentList.Add(arg);
            }
            foreach (var (name, value) in environment)
            {
                start.ArgumentList.Add($"--setenv={name}={value}");
            }
            start.ArgumentList.Add("--");
        }
        else
        {
            // sh only redirects: the command line goes in as "$0" "$@", never parsed as shell text.
            start = new ProcessStartInfo("/bin/sh");
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec setsid -f \"$0\" \"$@\" </dev/null >/dev/null 2>&1");
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }
        foreach (string arg in commandLine)
        {
            start.ArgumentList.Add(arg);
        }
        start.UseShellExecute = false;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["PATH"] = HostCommandRunner.SearchPath(Environment.GetEnvironmentVariable("PATH"));
        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{start.FileName} exited with {process.ExitCode}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot run {start.FileName}: {e.Message}";
        }
    }

    /// <summary>This program's own command line prefix: the apphost, or `dotnet RuleLang.Cli.dll` when run through dotnet.</summary>
    public static IReadOnlyList<string> Self()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        string? entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && !string.IsNullOrEmpty(entry)
            ? new[] { process, entry }
            : new[] { process };
    }
}
