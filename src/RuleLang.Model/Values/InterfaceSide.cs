namespace RuleLang.Model.Values;

public enum InterfaceSide
{
    In,
    Out,
}
