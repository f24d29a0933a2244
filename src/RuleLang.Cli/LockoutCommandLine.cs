using System;
using System.CommandLine;

namespace RuleLang.Cli;

/// <summary>
/// The lockout proof's options, made once so that apply and lockout-check spell them alike: the block the apply
/// command adds with <see cref="AddTo"/> and reads back with <see cref="Read"/>, then hands to
/// <see cref="LockoutCheck.MayProceed"/> before touching the kernel.
/// </summary>
public sealed class LockoutCommandLine
{
    public Option<string[]> Keep { get; } = new("--keep")
    {
        Description = "A connection the new policy must keep, as \"tcp CLIENT[:PORT] -> SERVER:PORT\" (repeatable); SSH_CONNECTION and conntrack's established connections are kept as well",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> Force { get; } = new("--force") { Description = "Go on even when the lockout proof fails (the connections it names will be cut)" };

    public Option<bool> NoConntrack { get; } = new("--no-conntrack") { Description = "Do not read conntrack's established connections (keep only --keep and SSH_CONNECTION)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Keep);
        command.Options.Add(Force);
        command.Options.Add(NoConntrack);
    }

    public LockoutOptions Read(ParseResult result) =>
        new(result.GetValue(Keep) ?? Array.Empty<string>(), result.GetValue(Force), !result.GetValue(NoConntrack));
}
