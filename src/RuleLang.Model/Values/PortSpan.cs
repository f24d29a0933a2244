using System.Globalization;

namespace RuleLang.Model.Values;

/// <summary>One port or an inclusive range of ports.</summary>
public readonly record struct PortSpan(int Low, int High)
{
    public const int MinPort = 1;
    public const int MaxPort = 65535;

    public static PortSpan Single(int port) => new(port, port);

    public bool IsSingle => Low == High;

    public bool IsInRange => Low >= MinPort && High <= MaxPort && Low <= MaxPort && High >= MinPort;

    public bool IsOrdered => Low <= High;

    /// <summary>iptables' form: 22, or 1000:2000.</summary>
    public override string ToString() => IsSingle
        ? Low.ToString(CultureInfo.InvariantCulture)
        : Low.ToString(CultureInfo.InvariantCulture) + ":" + High.ToString(CultureInfo.InvariantCulture);

    /// <summary>Appends the ToString() form without making a string.</summary>
    public void AppendTo(System.Text.StringBuilder output, char separator = ':')
    {
        output.Append(Low);
        if (!IsSingle)
        {
            output.Append(separator).Append(High);
        }
    }

    /// <summary>NAT targets write ranges with a dash: --to-ports 8000-8010.</summary>
    public string ToNatString() => IsSingle
        ? Low.ToString(CultureInfo.InvariantCulture)
        : Low.ToString(CultureInfo.InvariantCulture) + "-" + High.ToString(CultureInfo.InvariantCulture);
}
