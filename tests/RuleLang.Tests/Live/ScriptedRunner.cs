using System.Collections.Generic;
using System.Linq;
using RuleLang.Live;

namespace RuleLang.Tests.Live;

/// <summary>A kernel that answers from a script: each tool's result (by "tool args"), and a log of what was run.</summary>
internal sealed class ScriptedRunner : ICommandRunner
{
    private readonly Dictionary<string, CommandResult> _answers = new();

    public List<(string Command, string? Stdin)> Log { get; } = new();

    public ScriptedRunner Answer(string command, CommandResult result)
    {
        _answers[command] = result;
        return this;
    }

    public CommandResult Run(string tool, IReadOnlyList<string> args, string? stdin = null)
    {
        string command = string.Join(" ", new[] { tool }.Concat(args));
        Log.Add((command, stdin));
        return _answers.TryGetValue(command, out var result) ? result : new CommandResult(0, "", "");
    }
}
