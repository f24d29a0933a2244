using System;

namespace RuleLang.Model.Values;

/// <summary>What LOG adds to each line beyond the headers; the kernel's NF_LOG_* bits, in iptables-save's order.</summary>
[Flags]
public enum LogFlags
{
    None = 0,
    /// <summary>--log-tcp-sequence: TCP sequence numbers (nft: tcp sequence).</summary>
    TcpSequence = 0x01,
    /// <summary>--log-tcp-options: the TCP header's options (nft: tcp options).</summary>
    TcpOptions = 0x02,
    /// <summary>--log-ip-options: the IP header's options (nft: ip options).</summary>
    IpOptions = 0x04,
    /// <summary>--log-uid: the owning socket's user and group (nft: skuid).</summary>
    Uid = 0x08,
    /// <summary>--log-macdecode: the MAC header decoded (nft: ether).</summary>
    MacDecode = 0x20,
    All = TcpSequence | TcpOptions | IpOptions | Uid | MacDecode,
}
