using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;

namespace RuleLang.Cli;

/// <summary>
/// Runs the host's own tools (conntrack, ip) inside a named network namespace when one is given, with the
/// arguments passed as a list (no shell, so no name or address is ever parsed by one). A tool that is not
/// installed gives null, so the caller can warn rather than fail.
/// </summary>
public class HostTools
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public HostTools(string? netNamespace) => NetNamespace = netNamespace;

    public string? NetNamespace { get; }

    /// <summary>What a tool printed and its exit code; null when the tool (or ip, for a namespace) is missing.</summary>
    public virtual ToolOutput? Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(NetNamespace is null ? tool : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (NetNamespace is { } name)
        {
            foreach (string word in new[] { "netns", "exec", name, tool })
            {
                start.ArgumentList.Add(word);
            }
        }
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return new ToolOutput(-1, "", $"{tool} did not finish within {Timeout.TotalSeconds:0} seconds");
            }
            return new ToolOutput(process.ExitCode, stdout.Result, stderr.Result);
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The command as the operator would type it, for messages.</summary>
    public string Describe(string tool, IEnumerable<string> arguments) =>
        (NetNamespace is { } name ? $"ip netns exec {name} " : "") + tool + " " + string.Join(" ", arguments);
}
