using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>
/// -m iprange --src-range / --dst-range FROM-TO: an inclusive interval of addresses. The ends are kept as written so
/// the checker can report them as written; the kernel refuses a range whose ends are of different families, and a
/// reversed range matches nothing, so the checker refuses both.
/// </summary>
public sealed record AddressRangeMatch : Match
{
    private readonly string _from = "";
    private readonly string _to = "";

    // Parameter names match the properties, as a positional record's would.
    public AddressRangeMatch(AddressSide Side, string From, string To, bool Negated = false)
    {
        this.Side = Side;
        this.From = From;
        this.To = To;
        this.Negated = Negated;
    }

    public AddressSide Side { get; init; }

    public bool Negated { get; init; }

    /// <summary>The first address of the range, as written.</summary>
    public string From
    {
        get => _from;
        init
        {
            _from = value;
            FromAddress = ParseHost(value);
        }
    }

    /// <summary>The last address of the range, as written.</summary>
    public string To
    {
        get => _to;
        init
        {
            _to = value;
            ToAddress = ParseHost(value);
        }
    }

    /// <summary>The first address parsed as a host, or null when the text is not one address (the checker says why).</summary>
    public IpNetwork? FromAddress { get; private init; }

    /// <summary>The last address parsed as a host, or null when the text is not one address.</summary>
    public IpNetwork? ToAddress { get; private init; }

    /// <summary>Both ends, when both are addresses of one family; the range the kernel compares against.</summary>
    public (IpNetwork From, IpNetwork To)? Ends =>
        FromAddress is { } from && ToAddress is { } to && from.Family == to.Family ? (from, to) : null;

    /// <summary>True when the first end comes after the last, so the range holds no address.</summary>
    public bool IsReversed
    {
        get
        {
            if (Ends is not { } ends)
            {
                return false;
            }
            byte[] from = ends.From.GetAddressBytes();
            byte[] to = ends.To.GetAddressBytes();
            for (int i = 0; i < from.Length; i++)
            {
                if (from[i] != to[i])
                {
                    return from[i] > to[i];
                }
            }
            return false;
        }
    }

    public override IpFamily? Family => Ends?.From.Family;

    private static IpNetwork? ParseHost(string text) =>
        text.IndexOf('/') < 0 && IpNetwork.TryParse(text, out var network, out _) && network.IsHost ? network : null;
}
