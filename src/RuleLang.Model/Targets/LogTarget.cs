namespace RuleLang.Model.Targets;

/// <summary>LOG --log-prefix --log-level; evaluation goes on after it.</summary>
public sealed record LogTarget(string? Prefix = null, int Level = LogTarget.DefaultLevel) : Target
{
    public const int DefaultLevel = 4;
    public const int MaxPrefixLength = 29;

    public override string Name => "LOG";
}
