using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Targets;

/// <summary>A NAT target that rewrites to one address and optionally a port or range (DNAT, SNAT).</summary>
public abstract record NatTarget : Target
{
    private readonly string _address = "";

    protected NatTarget(string address, PortSpan? ports)
    {
        Address = address;
        Ports = ports;
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

    public override bool IsTerminal => true;

    public override IpFamily? Family => Host?.Family;
}
