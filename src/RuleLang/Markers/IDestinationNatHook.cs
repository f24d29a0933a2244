namespace RuleLang;

/// <summary>A hook where the nat table may rewrite the destination (DNAT, REDIRECT): before routing decides.</summary>
public interface IDestinationNatHook : IHook
{
}
