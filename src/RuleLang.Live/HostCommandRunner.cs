using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace RuleLang.Live;

/// <summary>
/// Runs kernel tools as processes, without a shell (every argument is passed as is, so no input string is ever
/// interpreted). In a named network namespace each runs through `ip netns exec NAME`. The C locale keeps the
/// tools' messages and listings stable; the sbin folders are searched even when PATH lacks them (sudo, cron).
/// </summary>
public sealed class HostCommandRunner : ICommandRunner
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Where tools are looked for after PATH: cron and some sudo setups leave the sbin folders out.</summary>
    public static readonly IReadOnlyList<string> SbinFolders = new[] { "/usr/local/sbin", "/usr/sbin", "/sbin" };

    private readonly LiveTarget _target;
    private readonly TimeSpan _timeout;

    public HostCommandRunner(LiveTarget target, TimeSpan? timeout = null)
    {
        _target = target;
        // A whole cluster's ruleset takes seconds to load; a tool hung for minutes is broken, not slow.
        _timeout = timeout ?? TimeSpan.FromMinutes(5);
    }

    public CommandResult Run(string tool, IReadOnlyList<string> args, string? stdin = null)
    {
        var start = new ProcessStartInfo(_target.Netns is null ? tool : "ip")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8NoBom,
            StandardOutputEncoding = Utf8NoBom,
            StandardErrorEncoding = Utf8NoBom,
        };
        if (_target.Netns is { } netns)
        {
            foreach (string word in new[] { "netns", "exec", netns, tool })
            {
                start.ArgumentList.Add(word);
            }
        }
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["LC_ALL"] = "C";
        start.Environment["PATH"] = SearchPath(Environment.GetEnvironmentVariable("PATH"));

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new CommandResult(127, "", $"cannot run {start.FileName}: {e.Message}");
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var input = Task.Run(() =>
        {
            try
            {
                if (stdin is not null)
                {
                    process.StandardInput.Write(stdin);
                }
                process.StandardInput.Close();
            }
            catch (System.IO.IOException)
            {
                // The tool stopped reading (it failed early): its exit code and stderr say why.
            }
        });
        if (!process.WaitForExit(_timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new CommandResult(124, stdout.Result, $"{tool} did not finish within {_timeout.TotalSeconds:0} s and was killed");
        }
        input.Wait();
        return new CommandResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>PATH with the sbin folders appended when missing.</summary>
    public static string SearchPath(string? path)
    {
        var folders = (string.IsNullOrEmpty(path) ? "/usr/bin:/bin" : path).Split(':').ToList();
        folders.AddRange(SbinFolders.Where(f => !folders.Contains(f)));
        return string.Join(':', folders);
    }
}
