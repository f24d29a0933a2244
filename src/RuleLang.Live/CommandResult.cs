namespace RuleLang.Live;

/// <summary>What one command printed and how it exited.</summary>
public sealed record CommandResult(int ExitCode, string StdOut, string StdErr)
{
    public bool Success => ExitCode == 0;

    /// <summary>The first line of stderr (or of stdout, or the exit code): the kernel tool's own reason, for one message line.</summary>
    public string Reason()
    {
        string text = StdErr.Trim().Length > 0 ? StdErr : StdOut;
        string first = text.Trim().Split('\n')[0].Trim();
        return first.Length > 0 ? first : "exit code " + ExitCode;
    }
}
