using System.Collections.Generic;
using System.Numerics;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Symbolic;

/// <summary>One concrete packet: a point of packet space, one value per dimension (interfaces and marks as symbols).</summary>
public sealed class Packet
{
    public Packet(IpFamily family, IReadOnlyList<BigInteger> coordinates)
    {
        Family = family;
        Coordinates = coordinates;
    }

    public IpFamily Family { get; }

    public IReadOnlyList<BigInteger> Coordinates { get; }

    public BigInteger this[Dimension dimension] => Coordinates[(int)dimension];
}
