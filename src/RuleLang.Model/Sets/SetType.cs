namespace RuleLang.Model.Sets;

/// <summary>
/// What a named set holds, one kind of element per set as ipset and nft require. Each kind has one ipset type and
/// one nft type (<see cref="SetTypes"/>): hash:ip / ipv4_addr for single addresses, hash:net / ipv4_addr with
/// flags interval for networks, bitmap:port / inet_service for ports.
/// </summary>
public enum SetType
{
    /// <summary>Single IPv4 addresses (ipset hash:ip family inet; nft ipv4_addr).</summary>
    Ipv4Address,

    /// <summary>Single IPv6 addresses (ipset hash:ip family inet6; nft ipv6_addr).</summary>
    Ipv6Address,

    /// <summary>IPv4 networks in CIDR form, a single address being a /32 (ipset hash:net family inet; nft ipv4_addr, flags interval).</summary>
    Ipv4Network,

    /// <summary>IPv6 networks in CIDR form (ipset hash:net family inet6; nft ipv6_addr, flags interval).</summary>
    Ipv6Network,

    /// <summary>TCP, UDP or SCTP ports and port ranges (ipset bitmap:port; nft inet_service).</summary>
    Port,
}
