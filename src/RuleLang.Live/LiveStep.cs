using System.Collections.Generic;

namespace RuleLang.Live;

/// <summary>
/// One command against the kernel: Name says what it does in messages ("ip6tables-restore web-server.ip6tables"),
/// Tool and Args are run without a shell, Stdin is fed to it.
/// </summary>
public sealed record LiveStep(string Name, string Tool, IReadOnlyList<string> Args, string? Stdin);
