using System;
using System.IO;
using System.Linq;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests.Support;

/// <summary>
/// Runs the rulelang CLI as its own process (`dotnet RuleLang.Cli.dll …` from this test's output folder), as an
/// operator would: apply's detached rollback timer must outlive it, which an in-process run could not show.
/// stdin is not a terminal, so apply --confirm returns at once and leaves the confirmation to another command.
/// </summary>
internal static class RuleLangProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static ExecResult Run(params string[] args)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "RuleLang.Cli.dll");
        return ProcessRunner.Run("dotnet", new[] { cli }.Concat(args).ToArray(), null, Timeout);
    }

    /// <summary>
    /// Runs the CLI on a terminal, as an operator at a prompt: script(1) gives it a pseudo-terminal and types
    /// <paramref name="typed"/> into it (the terminal holds the line until the CLI reads it). What the terminal
    /// shows comes back as stdout, stderr included.
    /// </summary>
    public static ExecResult RunAtTerminal(string typed, params string[] args)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "RuleLang.Cli.dll");
        string command = string.Join(" ", new[] { "dotnet", cli }.Concat(args).Select(Shell.Quote));
        return ProcessRunner.Run("script", new[] { "-qec", command, "/dev/null" }, typed, Timeout);
    }
}
