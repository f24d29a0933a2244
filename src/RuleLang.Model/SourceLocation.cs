namespace RuleLang.Model;

/// <summary>Where a model node came from: a C# line, a line of a .rl file, a line of an iptables dump.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation None { get; } = new("", 0, 0);

    public bool IsKnown => Line > 0;

    public override string ToString() => IsKnown ? $"{File}({Line},{Column})" : File;
}
