using System.Collections.Generic;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// A packet's conntrack state as one number: exactly one base state (INVALID, NEW, RELATED, ESTABLISHED,
/// UNTRACKED) and the connection's SNAT and DNAT status bits, which --ctstate SNAT/DNAT test.
/// </summary>
public static class ConntrackEncoding
{
    private static readonly ConntrackStates[] BaseStates =
    {
        ConntrackStates.Invalid, ConntrackStates.New, ConntrackStates.Related, ConntrackStates.Established, ConntrackStates.Untracked,
    };

    /// <summary>Five base states times the two NAT status bits.</summary>
    public const int Count = 20;

    public static int Encode(ConntrackStates baseState, bool snat = false, bool dnat = false)
    {
        int index = System.Array.IndexOf(BaseStates, baseState);
        if (index < 0)
        {
            throw new System.ArgumentOutOfRangeException(nameof(baseState), baseState, "not a base conntrack state");
        }
        return (index * 4) + (snat ? 1 : 0) + (dnat ? 2 : 0);
    }

    public static ConntrackStates BaseOf(int code) => BaseStates[code / 4];

    public static bool IsSnat(int code) => (code & 1) != 0;

    public static bool IsDnat(int code) => (code & 2) != 0;

    /// <summary>Every state bit this code shows to --ctstate.</summary>
    public static ConntrackStates StatesOf(int code) =>
        BaseOf(code) | (IsSnat(code) ? ConntrackStates.Snat : 0) | (IsDnat(code) ? ConntrackStates.Dnat : 0);

    /// <summary>The codes --ctstate STATES matches: any shared bit.</summary>
    public static IntervalSet Matching(ConntrackStates states)
    {
        var codes = new List<(System.Numerics.BigInteger, System.Numerics.BigInteger)>();
        for (int code = 0; code < Count; code++)
        {
            if ((StatesOf(code) & states) != 0)
            {
                codes.Add((code, code));
            }
        }
        return IntervalSet.Of(codes);
    }

    /// <summary>The same code with the DNAT status bit set: a new connection after DNAT or REDIRECT.</summary>
    public static int WithDnat(int code) => code | 2;

    public static int WithSnat(int code) => code | 1;

    public static string Describe(int code)
    {
        string text = BaseOf(code).ToString().ToLowerInvariant();
        if (IsSnat(code))
        {
            text += ",snat";
        }
        if (IsDnat(code))
        {
            text += ",dnat";
        }
        return text;
    }
}
