using System.Collections.Generic;
using System.Linq;

namespace RuleLang.Model.Values;

/// <summary>The --ctstatus bits by their iptables and nft (and .rl) names, in bit order: the order both print them in.</summary>
public static class ConntrackStatusNames
{
    public static IReadOnlyList<(ConntrackStatus Bit, string Iptables, string Nft)> Bits { get; } = new[]
    {
        (ConntrackStatus.Expected, "EXPECTED", "expected"),
        (ConntrackStatus.SeenReply, "SEEN_REPLY", "seen-reply"),
        (ConntrackStatus.Assured, "ASSURED", "assured"),
        (ConntrackStatus.Confirmed, "CONFIRMED", "confirmed"),
    };

    /// <summary>The bits set in <paramref name="status"/>, in order.</summary>
    public static IEnumerable<(ConntrackStatus Bit, string Iptables, string Nft)> Of(ConntrackStatus status) =>
        Bits.Where(b => (status & b.Bit) != 0);
}
