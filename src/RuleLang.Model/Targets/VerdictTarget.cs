namespace RuleLang.Model.Targets;

/// <summary>ACCEPT, DROP or RETURN.</summary>
public sealed record VerdictTarget(VerdictKind Verdict) : Target
{
    public static VerdictTarget Accept { get; } = new(VerdictKind.Accept);
    public static VerdictTarget Drop { get; } = new(VerdictKind.Drop);
    public static VerdictTarget Return { get; } = new(VerdictKind.Return);

    public override string Name => Verdict switch
    {
        VerdictKind.Accept => "ACCEPT",
        VerdictKind.Drop => "DROP",
        _ => "RETURN",
    };

    public override bool IsTerminal => true;
}
