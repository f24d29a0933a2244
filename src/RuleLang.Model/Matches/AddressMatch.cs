using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>-s / -d: an address or CIDR, kept as written so the checker can report it as written.</summary>
public sealed record AddressMatch : Match
{
    private readonly string _address = "";

    // Parameter names match the properties, as a positional record's would.
    public AddressMatch(AddressSide Side, string Address, bool Negated = false)
    {
        this.Side = Side;
        this.Address = Address;
        this.Negated = Negated;
    }

    public AddressSide Side { get; init; }

    public bool Negated { get; init; }

    /// <summary>The text as written. Parsed once when set (also by `with`), since every stage asks for the network.</summary>
    public string Address
    {
        get => _address;
        init
        {
            _address = value;
            Network = IpNetwork.TryParse(value, out var network, out _) ? network : null;
        }
    }

    /// <summary>The parsed network, or null when the text is not a valid address (the checker says why).</summary>
    public IpNetwork? Network { get; private init; }

    public override IpFamily? Family => Network?.Family;
}
