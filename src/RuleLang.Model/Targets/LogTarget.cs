using System.Collections.Generic;
using RuleLang.Model.Values;

namespace RuleLang.Model.Targets;

/// <summary>LOG --log-prefix --log-level; evaluation goes on after it.</summary>
public sealed record LogTarget(string? Prefix = null, int Level = LogTarget.DefaultLevel) : Target
{
    public const int DefaultLevel = 4;
    /// <summary>The kernel's 30-byte buffer less its NUL: UTF-8 bytes, not characters.</summary>
    public const int MaxPrefixBytes = 29;

    /// <summary>--log-tcp-sequence, --log-tcp-options, --log-ip-options, --log-uid, --log-macdecode.</summary>
    public LogFlags Flags { get; init; }

    /// <summary>Each flag's iptables option, in the order iptables-save prints them (libxt_LOG).</summary>
    public static readonly IReadOnlyList<(LogFlags Flag, string Option)> FlagOptions = new[]
    {
        (LogFlags.TcpSequence, "--log-tcp-sequence"), (LogFlags.TcpOptions, "--log-tcp-options"), (LogFlags.IpOptions, "--log-ip-options"),
        (LogFlags.Uid, "--log-uid"), (LogFlags.MacDecode, "--log-macdecode"),
    };

    public override string Name => "LOG";
}
