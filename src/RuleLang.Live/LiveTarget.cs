using System;

namespace RuleLang.Live;

/// <summary>The kernel a command talks to: the host's own network namespace, or a named one (`--netns NAME`).</summary>
public sealed record LiveTarget(string? Netns)
{
    public static readonly LiveTarget Host = new((string?)null);

    /// <summary>For messages: "the host" or "network namespace NAME".</summary>
    public string Describe() => Netns is null ? "the host" : $"network namespace {Netns}";

    /// <summary>
    /// A file name for this target's state (pending confirmations): "host" or "netns-NAME". `ip netns` names are
    /// file names under /run/netns, so they hold no '/'; anything else is refused before it reaches a path.
    /// </summary>
    public string StateKey => Netns is null ? "host" : "netns-" + Netns;

    /// <summary>The option that names this target again on a later command line ("" or " --netns NAME").</summary>
    public string CommandLineSuffix => Netns is null ? "" : " --netns " + Netns;

    /// <summary>True when NAME can be a network namespace name: what `ip netns add` accepts, minus the odd characters.</summary>
    public static bool IsValidNetnsName(string name) =>
        name.Length is > 0 and <= 64 && name != "." && name != ".." && name.AsSpan().IndexOfAnyExcept(NameCharacters) < 0;

    private static readonly System.Buffers.SearchValues<char> NameCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");
}
