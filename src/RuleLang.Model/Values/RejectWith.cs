namespace RuleLang.Model.Values;

/// <summary>What REJECT answers with; named by meaning so one rule serves IPv4 and IPv6.</summary>
public enum RejectWith
{
    PortUnreachable,
    HostUnreachable,
    NetUnreachable,
    AdminProhibited,
    TcpReset,
}
