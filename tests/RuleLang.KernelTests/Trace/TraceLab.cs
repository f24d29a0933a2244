using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RuleLang.KernelTests.Trace;

/// <summary>
/// The fixed topology of the random-policy trace test: clients on one veth to a firewall whose interface
/// <see cref="FirewallInterface"/> holds <see cref="Primary"/>, with a second local address <see cref="Alt"/> on a
/// dummy (a DNAT target). The firewall listens on every probed port of both addresses; each listener answers its
/// port, "@alt" appended on <see cref="Alt"/>, so a REDIRECT or DNAT shows where the connection landed.
/// </summary>
internal static class TraceLab
{
    public const string FirewallInterface = "lan0";
    public const string Primary = "10.77.0.1";
    public const string Alt = "10.77.1.1";
    public const int Prefix = 24;

    public static readonly string[] Clients = { "10.77.0.11", "10.77.0.12", "10.77.0.13" };

    public static readonly int[] TcpPorts = { 22, 80, 443, 8080 };
    public static readonly int[] UdpPorts = { 53, 123, 5353 };

    /// <summary>Ports nothing listens on: an accepted probe to one is refused by the firewall's stack.</summary>
    public const int TcpUnlistened = 9000;
    public const int UdpUnlistened = 9001;

    public static string Role(string client) => "c" + (System.Array.IndexOf(Clients, client) + 1).ToString(CultureInfo.InvariantCulture);

    public static string Reply(string address, int port) =>
        port.ToString(CultureInfo.InvariantCulture) + (address == Alt ? "@alt" : "");

    public static IEnumerable<Listener> Listeners() =>
        from address in new[] { Primary, Alt }
        from l in TcpPorts.Select(p => (Protocol: "tcp", Port: p)).Concat(UdpPorts.Select(p => (Protocol: "udp", Port: p)))
        select new Listener(l.Protocol, l.Port, address, Reply(address, l.Port));

    /// <summary>The topology as the trace needs it (the dummy's name is made up: no rule tests it).</summary>
    public static TraceWorld World { get; } = new(
        "fw",
        new[] { (FirewallInterface, new[] { Primary }), ("dum0", new[] { Alt }) },
        Listeners().ToArray(),
        Clients.Select(c => new WorldHost(Role(c), new[] { c }, FirewallInterface, new Listener[0])).ToArray(),
        new (string, string)[0],
        new string[0]);
}
