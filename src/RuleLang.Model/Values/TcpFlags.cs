using System;

namespace RuleLang.Model.Values;

/// <summary>
/// The TCP header flags xt_tcp tests, with the kernel's bit values (FIN is bit 0). iptables-save names them in
/// this order, so the enum's order is the printed order.
/// </summary>
[Flags]
public enum TcpFlags
{
    None = 0,
    Fin = 0x01,
    Syn = 0x02,
    Rst = 0x04,
    Psh = 0x08,
    Ack = 0x10,
    Urg = 0x20,

    /// <summary>iptables' ALL: the six flags above (xt_tcp's mask is one byte, but its names stop at URG).</summary>
    All = 0x3f,
}
