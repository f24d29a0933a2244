namespace RuleLang;

/// <summary>
/// Marks a rule whose protocol has ports (tcp, udp, sctp): only such a rule may match ports or NAT to a port,
/// which iptables would otherwise refuse at load time.
/// </summary>
public interface IPortProtocol
{
}
