namespace RuleLang.Text;

public enum RlDefinitionKind
{
    Addresses,
    Ports,
}
