using System.Linq;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang;

/// <summary>The port matches of tcp, udp and sctp rules: <c>--sport</c>/<c>--dport</c> and multiport lists.</summary>
public abstract class PortRuleBuilder<TTable, THook, TSelf> : RuleBuilder<TTable, THook, TSelf>, IPortProtocol
    where TTable : ITable
    where THook : IHook
    where TSelf : PortRuleBuilder<TTable, THook, TSelf>
{
    private protected PortRuleBuilder(ChainState chain, Protocol protocol)
        : base(chain, protocol)
    {
    }

    public TSelf SourcePort(int port, bool not = false) => Ports(AddressSide.Source, not, PortSpan.Single(port));

    public TSelf DestinationPort(int port, bool not = false) =>
        Ports(AddressSide.Destination, not, PortSpan.Single(port));

    /// <summary><c>--sport low:high</c>, both ends included.</summary>
    public TSelf SourcePortRange(int low, int high, bool not = false) =>
        Ports(AddressSide.Source, not, new PortSpan(low, high));

    /// <summary><c>--dport low:high</c>, both ends included.</summary>
    public TSelf DestinationPortRange(int low, int high, bool not = false) =>
        Ports(AddressSide.Destination, not, new PortSpan(low, high));

    /// <summary>Several ports become <c>-m multiport --sports</c>.</summary>
    public TSelf SourcePorts(params int[] ports) =>
        Ports(AddressSide.Source, false, ports.Select(PortSpan.Single).ToArray());

    /// <summary>Several ports become <c>-m multiport --dports</c>.</summary>
    public TSelf DestinationPorts(params int[] ports) =>
        Ports(AddressSide.Destination, false, ports.Select(PortSpan.Single).ToArray());

    /// <summary>Ports and ranges mixed, as <c>-m multiport --sports 80,1000:2000</c>.</summary>
    public TSelf SourcePorts(params PortSpan[] ports) => Ports(AddressSide.Source, false, ports);

    /// <summary>Ports and ranges mixed, as <c>-m multiport --dports 80,1000:2000</c>.</summary>
    public TSelf DestinationPorts(params PortSpan[] ports) => Ports(AddressSide.Destination, false, ports);

    private TSelf Ports(AddressSide side, bool not, params PortSpan[] ports) =>
        With(new PortMatch(side, (PortSpan[])ports.Clone(), not));
}
