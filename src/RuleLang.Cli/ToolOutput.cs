namespace RuleLang.Cli;

/// <summary>What one run of a host tool printed, and how it exited.</summary>
public sealed record ToolOutput(int ExitCode, string StdOut, string StdErr)
{
    public bool Succeeded => ExitCode == 0;
}
