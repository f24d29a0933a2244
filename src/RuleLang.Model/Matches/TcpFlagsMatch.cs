using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>
/// <c>-p tcp --tcp-flags MASK COMP</c>: of the flags in <see cref="Mask"/>, exactly those in
/// <see cref="Comparison"/> are set (the kernel tests <c>(flags &amp; mask) == comp</c>). <c>--syn</c> is
/// <see cref="Syn"/>, and iptables-save prints it as <c>--tcp-flags FIN,SYN,RST,ACK SYN</c>.
/// </summary>
public sealed record TcpFlagsMatch(TcpFlags Mask, TcpFlags Comparison, bool Negated = false) : Match
{
    /// <summary>The mask of <c>--syn</c>: a connection's first segment has SYN and none of FIN, RST, ACK.</summary>
    public const TcpFlags SynMask = TcpFlags.Fin | TcpFlags.Syn | TcpFlags.Rst | TcpFlags.Ack;

    /// <summary><c>--syn</c> (or <c>! --syn</c>): the segment that opens a TCP connection.</summary>
    public static TcpFlagsMatch Syn(bool negated = false) => new(SynMask, TcpFlags.Syn, negated);

    private static readonly TcpFlags[] Single = { TcpFlags.Fin, TcpFlags.Syn, TcpFlags.Rst, TcpFlags.Psh, TcpFlags.Ack, TcpFlags.Urg };

    /// <summary>Each flag set in <paramref name="flags"/>, in bit order (FIN first), as iptables-save and nft list them.</summary>
    public static IEnumerable<TcpFlags> Each(TcpFlags flags) => Single.Where(f => (flags & f) != 0);

    /// <summary>libxt_tcp's spelling: FIN,SYN,… in bit order, NONE for none (ALL is printed as its six flags).</summary>
    public static string IptablesNames(TcpFlags flags) =>
        flags == TcpFlags.None ? "NONE" : string.Join(",", Each(flags).Select(f => f.ToString().ToUpperInvariant()));

    /// <summary>True for a packet with these flags set.</summary>
    public bool Matches(TcpFlags flags) => ((flags & Mask) == Comparison) != Negated;
}
