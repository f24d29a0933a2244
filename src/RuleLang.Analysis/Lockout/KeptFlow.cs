using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Lockout;

/// <summary>
/// One connection the operator must keep: a client reaching this host's port, as <c>--keep</c>,
/// <c>SSH_CONNECTION</c> or a conntrack entry names it. <see cref="ClientPort"/> is null when any source port is
/// meant (a fresh login picks a new one); <see cref="Origin"/> says where the flow came from, for messages.
/// </summary>
public sealed record KeptFlow(Protocol Protocol, IPAddress Client, int? ClientPort, IPAddress Server, int ServerPort, string Origin)
{
    /// <summary>What <see cref="TryParse"/> reads.</summary>
    public const string Syntax = "tcp|udp|sctp CLIENT[:PORT] -> SERVER:PORT (IPv6 with a port as [2001:db8::5]:40000)";

    /// <summary>The interface the client's packets arrive on, when known (the route to the client); null: any.</summary>
    public string? InInterface { get; init; }

    /// <summary>
    /// Conntrack already DNATed this connection (the client asked for another address or port): the packets carry
    /// the DNAT status bit and <see cref="Server"/> is the address after NAT, as INPUT sees it.
    /// </summary>
    public bool Dnat { get; init; }

    /// <summary>The operator's own session: a new connection of the same kind must be accepted too.</summary>
    public bool IsSession { get; init; }

    public IpFamily Family => Client.AddressFamily == AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;

    /// <summary>Reads "tcp 10.0.0.5 -> 10.0.0.1:22" or "tcp [2001:db8::5]:40000 -> [2001:db8::1]:22". Never throws.</summary>
    public static bool TryParse(string? text, out KeptFlow flow, out string error)
    {
        flow = null!;
        var parts = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4 || parts[2] != "->")
        {
            error = $"'{text}' is not a connection; write {Syntax}";
            return false;
        }
        var protocol = parts[0].ToLowerInvariant() switch
        {
            "tcp" => Protocol.Tcp,
            "udp" => Protocol.Udp,
            "sctp" => Protocol.Sctp,
            _ => (Protocol?)null,
        };
        if (protocol is null)
        {
            error = $"'{parts[0]}' is not a protocol with ports; use tcp, udp or sctp";
            return false;
        }
        if (!TryEndpoint(parts[1], "client", out var client, out int? clientPort, out error)
            || !TryEndpoint(parts[3], "server", out var server, out int? serverPort, out error))
        {
            return false;
        }
        if (serverPort is null)
        {
            error = $"the server '{parts[3]}' needs a port, as in {parts[3]}:22";
            return false;
        }
        if (client.AddressFamily != server.AddressFamily)
        {
            error = $"'{parts[1]}' and '{parts[3]}' are not of one address family";
            return false;
        }
        flow = new KeptFlow(protocol.Value, client, clientPort, server, serverPort.Value, "--keep \"" + string.Join(" ", parts) + "\"") { IsSession = true };
        return true;
    }

    /// <summary>
    /// The session sshd describes in SSH_CONNECTION ("client_ip client_port server_ip server_port"); null when the
    /// variable is unset, empty or not of that shape (the caller says so: nothing here trusts it).
    /// </summary>
    public static KeptFlow? FromSshConnection(string? sshConnectionEnv)
    {
        var parts = (sshConnectionEnv ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4 || !TryParseAddress(parts[0], out var client) || !TryParseAddress(parts[2], out var server)
            || !TryPort(parts[1], out int clientPort) || !TryPort(parts[3], out int serverPort))
        {
            return null;
        }
        // sshd on a dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; the kernel filters them as IPv4.
        if (client.IsIPv4MappedToIPv6 && server.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
            server = server.MapToIPv4();
        }
        if (client.AddressFamily != server.AddressFamily)
        {
            return null;
        }
        return new KeptFlow(Protocol.Tcp, client, clientPort, server, serverPort, "SSH_CONNECTION") { IsSession = true };
    }

    /// <summary>"tcp 10.0.0.5:40000 -> 10.0.0.1:22" (the client port left out when any is meant).</summary>
    public override string ToString() =>
        Protocol.ToString().ToLowerInvariant() + " " + Endpoint(Client, ClientPort) + " -> " + Endpoint(Server, ServerPort);

    internal static string Endpoint(IPAddress address, int? port)
    {
        if (port is not { } p)
        {
            return address.ToString();
        }
        string number = p.ToString(CultureInfo.InvariantCulture);
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]:" + number : address + ":" + number;
    }

    private static bool TryEndpoint(string text, string what, out IPAddress address, out int? port, out string error)
    {
        port = null;
        string addressText = text;
        string? portText = null;
        if (text.StartsWith("[", StringComparison.Ordinal))
        {
            int close = text.IndexOf(']');
            string rest = close < 0 ? "" : text.Substring(close + 1);
            if (close < 0 || (rest.Length > 0 && rest[0] != ':'))
            {
                address = IPAddress.None;
                error = $"the {what} '{text}' is not [ADDRESS] or [ADDRESS]:PORT";
                return false;
            }
            addressText = text.Substring(1, close - 1);
            portText = rest.Length > 0 ? rest.Substring(1) : null;
        }
        else if (text.IndexOf(':') >= 0 && text.IndexOf(':') == text.LastIndexOf(':'))
        {
            // One colon: IPv4 and a port. Several: a bare IPv6 address, which has no port.
            addressText = text.Substring(0, text.IndexOf(':'));
            portText = text.Substring(text.IndexOf(':') + 1);
        }
        if (!TryParseAddress(addressText, out address))
        {
            error = $"the {what} '{addressText}' is not one IPv4 or IPv6 address";
            return false;
        }
        if (portText is not null)
        {
            if (!TryPort(portText, out int value))
            {
                error = $"the {what} port '{portText}' is not a port (1 to 65535)";
                return false;
            }
            port = value;
        }
        error = "";
        return true;
    }

    /// <summary>One host address, IPv4 or IPv6, without a prefix.</summary>
    public static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (!IpNetwork.TryParse(text, out var network, out _) || !network.IsHost || text.IndexOf('/') >= 0)
        {
            return false;
        }
        address = new IPAddress(network.GetAddressBytes());
        return true;
    }

    internal static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && text.Length <= 5 && port >= 1 && port <= PortSpan.MaxPort;
}
