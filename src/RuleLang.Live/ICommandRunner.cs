using System.Collections.Generic;

namespace RuleLang.Live;

/// <summary>Runs one kernel tool in the target (HostCommandRunner); tests give a scripted one.</summary>
public interface ICommandRunner
{
    CommandResult Run(string tool, IReadOnlyList<string> args, string? stdin = null);
}
