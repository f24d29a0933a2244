using System.Globalization;
using RuleLang.Analysis.Symbolic;

namespace RuleLang.Analysis.Lockout;

/// <summary>
/// A counterexample packet in the syntax <c>rulelang trace --packet</c> reads, so the operator can follow it
/// rule by rule: <c>tcp 10.0.0.5:40000 -> 10.0.0.1:22 iif eth0 state established</c>.
/// </summary>
internal static class LockoutPacketText
{
    public static string Describe(PacketUniverse universe, Packet packet, bool sent)
    {
        string protocol = ProtocolNumbers.Name((int)packet[Dimension.Protocol]);
        string source = AddressRanges.Format(packet.Family, packet[Dimension.Source]);
        string destination = AddressRanges.Format(packet.Family, packet[Dimension.Destination]);
        string text = protocol + " " + KeptFlow.Endpoint(System.Net.IPAddress.Parse(source), (int)packet[Dimension.SourcePort])
            + " -> " + KeptFlow.Endpoint(System.Net.IPAddress.Parse(destination), (int)packet[Dimension.DestinationPort]);
        text += sent
            ? " from local oif " + universe.Interfaces.Representative((int)packet[Dimension.OutInterface])
            : " iif " + universe.Interfaces.Representative((int)packet[Dimension.InInterface]);
        int state = (int)packet[Dimension.State];
        return text + " state " + ConntrackEncoding.Describe(state).ToLower(CultureInfo.InvariantCulture);
    }
}
