namespace RuleLang.Analyzers;

/// <summary>What a DSL parameter holds, and so which of the checker's value rules judges a constant passed to it.</summary>
public enum ValueKind
{
    /// <summary>An address or CIDR for -s/-d (ValueRules.CheckNetwork).</summary>
    Network,

    /// <summary>One host address, as NAT targets and services take (ValueRules.CheckHostAddress).</summary>
    HostAddress,

    /// <summary>One port (ValueRules.CheckPort).</summary>
    Port,

    /// <summary>The low end of a port range whose high end is the next argument (ValueRules.CheckPortSpan).</summary>
    PortRangeLow,

    /// <summary>A PortSpan value: <c>new PortSpan(low, high)</c> or <c>PortSpan.Single(port)</c>.</summary>
    PortSpan,

    /// <summary>A multiport list of ints or PortSpans (ValueRules.CheckPortList).</summary>
    PortList,

    /// <summary>An interface name for -i/-o (ValueRules.CheckInterfaceName).</summary>
    InterfaceName,

    /// <summary>A user chain name (ValueRules.CheckChainName).</summary>
    ChainName,

    /// <summary>A rule comment (ValueRules.CheckComment).</summary>
    Comment,

    /// <summary>A LOG prefix (ValueRules.CheckLogPrefix).</summary>
    LogPrefix,

    /// <summary>A LOG level, 0 to 7.</summary>
    LogLevel,

    /// <summary>A statistic probability (ValueRules.CheckProbability).</summary>
    Probability,

    /// <summary>A DSCP class, 0 to 63.</summary>
    Dscp,

    /// <summary>An ICMP or ICMPv6 type, 0 to 254 (255 is iptables' "any").</summary>
    IcmpType,

    /// <summary>An ICMP or ICMPv6 code, 0 to 255.</summary>
    IcmpCode,

    /// <summary>The limit match's burst, 1 to 10000.</summary>
    LimitBurst,

    /// <summary>The limit match's rate, whose bound depends on the unit argument.</summary>
    LimitRate,

    /// <summary>The nth match's --every, at least 1.</summary>
    NthEvery,

    /// <summary>The nth match's --packet, 0 to every - 1.</summary>
    NthPacket,

    /// <summary>kube-proxy's masquerade bit, 0 to 31.</summary>
    MasqueradeBit,

    /// <summary>A service's endpoints: (address, port) tuples.</summary>
    Endpoints,
}
