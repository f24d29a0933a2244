using RuleLang.Model.Values;

namespace RuleLang.Model.Targets;

/// <summary>REJECT --reject-with.</summary>
public sealed record RejectTarget(RejectWith With = RejectWith.PortUnreachable) : Target
{
    public override string Name => "REJECT";

    public override bool IsTerminal => true;
}
