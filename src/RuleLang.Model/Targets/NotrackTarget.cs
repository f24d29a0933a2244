namespace RuleLang.Model.Targets;

/// <summary>CT --notrack: exempt the packet from connection tracking.</summary>
public sealed record NotrackTarget : Target
{
    public static NotrackTarget Instance { get; } = new();

    public override string Name => "CT";
}
