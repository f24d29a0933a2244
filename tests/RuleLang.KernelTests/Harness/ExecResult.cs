using System;
using System.Text;

namespace RuleLang.KernelTests.Harness;

/// <summary>Outcome of a command run to completion (or killed at its timeout).</summary>
public sealed record ExecResult(int ExitCode, string StdOut, string StdErr, bool TimedOut = false, string Command = "")
{
    /// <summary>True when the command exited with code 0 before its timeout.</summary>
    public bool Success => ExitCode == 0 && !TimedOut;

    /// <summary>Returns this result, or throws with the command, exit code and both streams.</summary>
    public ExecResult EnsureSuccess(string? what = null)
    {
        if (Success)
        {
            return this;
        }

        throw new InvalidOperationException($"{what ?? "command"} failed: {Describe()}");
    }

    /// <summary>A one-paragraph human readable description, for assertion messages.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append(TimedOut ? "timed out" : $"exit code {ExitCode}");
        if (Command.Length > 0)
        {
            sb.Append(" running `").Append(Command).Append('`');
        }

        if (StdErr.Length > 0)
        {
            sb.Append("\nstderr: ").Append(StdErr.TrimEnd());
        }

        if (StdOut.Length > 0)
        {
            sb.Append("\nstdout: ").Append(StdOut.TrimEnd());
        }

        return sb.ToString();
    }

    public override string ToString() => Describe();
}
