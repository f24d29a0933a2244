namespace RuleLang.Model.Targets;

/// <summary>DSCP --set-dscp: the 6-bit class in the IP header.</summary>
public sealed record DscpTarget(int Value) : Target
{
    public const int MaxValue = 63;

    public override string Name => "DSCP";
}
