namespace RuleLang;

/// <summary>
/// Marks the type that stands for an iptables table. Builders are generic in it so that a target valid in one
/// table only (REJECT, NOTRACK, DNAT…) is a method of that table's rules alone.
/// </summary>
public interface ITable
{
}
