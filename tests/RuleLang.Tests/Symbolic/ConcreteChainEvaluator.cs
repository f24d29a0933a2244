using System.Linq;
using System.Numerics;
using RuleLang.Analysis.Symbolic;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Tests.Symbolic;

/// <summary>
/// The brute-force reference: one packet through one chain, rule by rule, written straight from iptables'
/// semantics without the symbolic code's conditions or rewrites. Deterministic matches only.
/// </summary>
internal static class ConcreteChainEvaluator
{
    /// <summary>The verdict, or null when the packet returns from the chain.</summary>
    public static FinalVerdict? Run(Table table, Chain chain, PacketUniverse universe, Packet packet, ref uint mark)
    {
        foreach (var rule in chain.Rules)
        {
            uint current = mark;
            if (!rule.Matches.All(m => Matches(m, universe, packet, current)))
            {
                continue;
            }
            switch (rule.Target)
            {
                case VerdictTarget { Verdict: VerdictKind.Return }:
                    return null;
                case VerdictTarget v:
                    return v.Verdict == VerdictKind.Accept ? FinalVerdict.Accept : FinalVerdict.Drop;
                case RejectTarget:
                    return FinalVerdict.Reject;
                case MarkTarget m:
                    mark = (mark & ~m.Mask) ^ m.Value;
                    break;
                case JumpTarget j:
                    var result = Run(table, table.FindChain(j.Chain)!, universe, packet, ref mark);
                    if (result is not null || j.IsGoto)
                    {
                        return result;
                    }
                    break;
            }
        }
        return null;
    }

    private static bool Matches(Match match, PacketUniverse universe, Packet packet, uint mark)
    {
        bool result;
        bool negated = false;
        switch (match)
        {
            case ProtocolMatch p:
                result = p.Protocol == Protocol.All || packet[Dimension.Protocol] == ProtocolNumbers.Of(p.Protocol);
                negated = p.Negated;
                break;
            case AddressMatch a:
                var (low, high) = AddressRanges.Range(a.Network!.Value);
                var address = packet[a.Side == AddressSide.Source ? Dimension.Source : Dimension.Destination];
                result = a.Network.Value.Family == packet.Family && address >= low && address <= high;
                negated = a.Negated;
                break;
            case PortMatch port:
                BigInteger value = packet[port.Side == AddressSide.Source ? Dimension.SourcePort : Dimension.DestinationPort];
                result = port.Ports.Any(s => value >= s.Low && value <= s.High);
                negated = port.Negated;
                break;
            case InterfaceMatch i:
                string name = universe.Interfaces.Representative((int)packet[i.Side == InterfaceSide.In ? Dimension.InInterface : Dimension.OutInterface]);
                result = InterfaceAlphabet.Matches(i.Name, name);
                negated = i.Negated;
                break;
            case ConntrackMatch c:
                result = (ConntrackEncoding.StatesOf((int)packet[Dimension.State]) & c.States) != 0;
                negated = c.Negated;
                break;
            case MarkMatch m:
                result = (mark & m.Mask) == (m.Value & m.Mask);
                negated = m.Negated;
                break;
            default:
                result = true;
                break;
        }
        return result != negated;
    }
}
