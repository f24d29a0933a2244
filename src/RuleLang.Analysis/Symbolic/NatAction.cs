namespace RuleLang.Analysis.Symbolic;

/// <summary>A NAT rewrite a flow underwent: "DNAT 10.0.0.174:80", "REDIRECT 8080", "MASQUERADE", with its rule.</summary>
public sealed record NatAction(string Description, RuleRef Rule)
{
    public override string ToString() => Description;
}
