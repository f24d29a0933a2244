namespace RuleLang.Compiler;

/// <summary>An output a policy can be emitted as.</summary>
public enum RulesetFormat
{
    Iptables,
    Ip6tables,
}
