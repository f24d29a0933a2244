namespace RuleLang.Model.Targets;

/// <summary>LOG --log-prefix --log-level; evaluation goes on after it.</summary>
public sealed record LogTarget(string? Prefix = null, int Level = LogTarget.DefaultLevel) : Target
{
    public const int DefaultLevel = 4;
    /// <summary>The kernel's 30-byte buffer less its NUL: UTF-8 bytes, not characters.</summary>
    public const int MaxPrefixBytes = 29;

    public override string Name => "LOG";
}
