using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Targets;

/// <summary>SNAT --to-source address[:port[-port]].</summary>
public sealed record SnatTarget : Target
{
    private readonly string _address = "";

    // Parameter names match the properties, as a positional record's would.
    public SnatTarget(string Address, PortSpan? Ports = null)
    {
        this.Address = Address;
        this.Ports = Ports;
    }

    /// <summary>The address as written; parsed once when set (also by `with`), as every stage asks for it.</summary>
    public string Address
    {
        get => _address;
        init
        {
            _address = value;
            Host = IpNetwork.TryParse(value, out var host, out _) ? host : null;
        }
    }

    /// <summary>The parsed address, or null when it is not valid (the checker says why).</summary>
    public IpNetwork? Host { get; private init; }

    public PortSpan? Ports { get; init; }

    public override string Name => "SNAT";

    public override bool IsTerminal => true;

    public override IpFamily? Family => Host?.Family;
}
