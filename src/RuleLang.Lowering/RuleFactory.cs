using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Lowering;

/// <summary>Short-hands that keep the lowering code close to the iptables lines it produces.</summary>
internal static class RuleFactory
{
    public static Rule Rule(SourceLocation at, Target target, params Match[] matches) => new(matches, target, at);

    // Matches are immutable, so lowering shares one instance where a large cluster would repeat it 100,000 times.
    private static readonly ProtocolMatch[] Protocols =
        ((Protocol[])System.Enum.GetValues(typeof(Protocol))).Select(p => new ProtocolMatch(p)).ToArray();

    public static ProtocolMatch Proto(Protocol protocol) => Protocols[(int)protocol];

    public static PortMatch Dport(int port) => new(AddressSide.Destination, new[] { PortSpan.Single(port) });

    public static AddressMatch Src(string address, bool negated = false) => new(AddressSide.Source, HostOrNetwork(address), negated);

    public static AddressMatch Dst(string address) => new(AddressSide.Destination, HostOrNetwork(address));

    public static CommentMatch Comment(string text) => new(text);

    public static Match[] With(IEnumerable<Match> first, params Match[] rest)
    {
        var all = new List<Match>(first);
        all.AddRange(rest);
        return all.ToArray();
    }

    /// <summary>A bare address means the one host, as iptables reads it.</summary>
    private static string HostOrNetwork(string address) =>
        address.IndexOf('/') >= 0 ? address
        : address.IndexOf(':') >= 0 ? address + "/128"
        : address + "/32";
}
