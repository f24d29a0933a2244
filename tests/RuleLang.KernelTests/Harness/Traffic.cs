using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace RuleLang.KernelTests.Harness;

public enum TransportProtocol
{
    Tcp,
    Udp,
}

/// <summary>A socat server in a namespace replying <see cref="Reply"/> (plus newline) to every connection/datagram.</summary>
public sealed class TrafficServer : IDisposable
{
    internal TrafficServer(NetNamespace ns, TransportProtocol protocol, string bindAddress, int port, string reply, BackgroundProcess process)
    {
        Namespace = ns;
        Protocol = protocol;
        BindAddress = bindAddress;
        Port = port;
        Reply = reply;
        Process = process;
    }

    public NetNamespace Namespace { get; }

    public TransportProtocol Protocol { get; }

    public string BindAddress { get; }

    public int Port { get; }

    public string Reply { get; }

    public BackgroundProcess Process { get; }

    public void Dispose() => Process.Dispose();

    public override string ToString() => $"{Protocol} server {BindAddress}:{Port} in {Namespace.Name} replying '{Reply}'";
}

/// <summary>
/// Traffic generators built on socat. Servers reply with a fixed string so a test can tell which endpoint a
/// connection reached; clients report <see cref="ConnectOutcome"/>s (Connected(reply) / Refused / TimedOut).
/// </summary>
public static class Traffic
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long to wait for a UDP reply a test expects: a datagram's reply comes from a server child that socat forks
    /// and execs per datagram, which on a loaded CI machine has taken longer than <see cref="DefaultTimeout"/>. Only a
    /// failing test ever waits this long, so it can be generous; a drop is tested with a short wait instead.
    /// </summary>
    public static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);
    private static readonly Regex Marker = new(@"^@@rl (\d+)@@$", RegexOptions.CultureInvariant);
    private static int _pingSequence;

    /// <summary>
    /// Starts a TCP server on <paramref name="bindAddress"/> ("0.0.0.0", "::" or a specific address) that writes
    /// <paramref name="reply"/> and a newline to each connection and closes it. Returns once the socket listens.
    /// </summary>
    public static TrafficServer StartTcpServer(NetNamespace ns, string bindAddress, int port, string reply) =>
        StartServer(ns, TransportProtocol.Tcp, bindAddress, port, reply);

    /// <summary>
    /// Starts a TCP server like <see cref="StartTcpServer"/> whose reply is the address of the peer it sees
    /// (socat's SOCAT_PEERADDR, e.g. "198.51.100.1"): tells a test whether, and to what, a connection was NATed.
    /// <see cref="TrafficServer.Reply"/> is "$SOCAT_PEERADDR".
    /// </summary>
    public static TrafficServer StartTcpPeerAddressServer(NetNamespace ns, string bindAddress, int port) =>
        StartServer(ns, TransportProtocol.Tcp, bindAddress, port, "$SOCAT_PEERADDR", "'SYSTEM:printenv SOCAT_PEERADDR'", "");

    /// <summary>
    /// Starts a UDP server answering every datagram with <paramref name="reply"/> and a newline (then an empty
    /// datagram as end marker). Bind a specific address when clients use a secondary address: a wildcard-bound
    /// server replies from the routing-chosen source, which the client's connected socket would discard.
    /// </summary>
    public static TrafficServer StartUdpServer(NetNamespace ns, string bindAddress, int port, string reply) =>
        StartServer(ns, TransportProtocol.Udp, bindAddress, port, reply);

    /// <summary>One TCP connection attempt from <paramref name="client"/>; reads the reply until the server closes.</summary>
    public static ConnectOutcome TryConnect(NetNamespace client, string address, int port, TimeSpan? timeout = null) =>
        ConnectMany(client, address, port, 1, timeout)[0];

    /// <summary>
    /// <paramref name="count"/> sequential TCP connections, run as one shell loop inside the namespace (fast:
    /// a few ms each). Returns one outcome per attempt, in order. See <see cref="CountByReply"/>.
    /// </summary>
    public static IReadOnlyList<ConnectOutcome> ConnectMany(NetNamespace client, string address, int port, int count, TimeSpan? timeoutEach = null)
    {
        TimeSpan t = timeoutEach ?? DefaultTimeout;
        IpFamily family = IpFamilyExtensions.FamilyOf(address);
        string target = $"TCP{(family == IpFamily.V6 ? "6" : "4")}:{HostPart(address)}:{port},connect-timeout={Shell.Seconds(t)}";
        string attempt = $"{Guard(t)} socat -T{Shell.Seconds(t)} -u {Shell.Quote(target)} STDOUT";
        return RunLoop(client, attempt, count, t, isUdp: false);
    }

    /// <summary>One UDP request (payload plus newline) and the server's reply; TimedOut when nothing came back.</summary>
    public static ConnectOutcome UdpRequest(NetNamespace client, string address, int port, TimeSpan? timeout = null, string payload = "ping") =>
        UdpRequestMany(client, address, port, 1, timeout, payload)[0];

    /// <summary><paramref name="count"/> sequential UDP requests (each from a fresh source port) in one shell loop.</summary>
    public static IReadOnlyList<ConnectOutcome> UdpRequestMany(
        NetNamespace client, string address, int port, int count, TimeSpan? timeoutEach = null, string payload = "ping")
    {
        TimeSpan t = timeoutEach ?? DefaultTimeout;
        IpFamily family = IpFamilyExtensions.FamilyOf(address);
        string target = $"UDP{(family == IpFamily.V6 ? "6" : "4")}:{HostPart(address)}:{port},null-eof";
        string attempt = $"printf '%s\\n' {Shell.Quote(payload)} | {Guard(t)} socat -t{Shell.Seconds(t)} -T{Shell.Seconds(t)} - {Shell.Quote(target)}";
        return RunLoop(client, attempt, count, t, isUdp: true);
    }

    /// <summary>
    /// Sends one ICMP(v6) echo request from <paramref name="ns"/> (raw socket via socat; no ping binary needed) and
    /// returns true when the matching echo reply arrives within <paramref name="timeout"/> (default 2 s).
    /// </summary>
    public static bool Ping(NetNamespace ns, string address, TimeSpan? timeout = null)
    {
        TimeSpan t = timeout ?? DefaultTimeout;
        IpFamily family = IpFamilyExtensions.FamilyOf(address);
        byte[] idSeq = new byte[4];
        RandomNumberGenerator.Fill(idSeq.AsSpan(0, 2));
        int seq = Interlocked.Increment(ref _pingSequence) & 0xffff;
        idSeq[2] = (byte)(seq >> 8);
        idSeq[3] = (byte)seq;
        byte[] tail = idSeq.Concat(Encoding.ASCII.GetBytes("rl-harness-ping")).ToArray();

        var packet = new byte[4 + tail.Length];
        packet[0] = family == IpFamily.V6 ? (byte)128 : (byte)8;
        tail.CopyTo(packet, 4);
        if (family == IpFamily.V4)
        {
            ushort sum = InternetChecksum(packet);
            packet[2] = (byte)(sum >> 8);
            packet[3] = (byte)sum;
        }

        // For ICMPv6 the kernel fills in the checksum of raw sockets itself.
        byte replyType = family == IpFamily.V6 ? (byte)129 : (byte)0;
        string target = family == IpFamily.V6 ? $"IP6-SENDTO:[{address}]:58" : $"IP4-SENDTO:{address}:1";
        string[] args =
        {
            "netns", "exec", ns.Name, "timeout", "-k", "1", Shell.Seconds(t + TimeSpan.FromSeconds(2)),
            "socat", $"-t{Shell.Seconds(t)}", $"-T{Shell.Seconds(t)}", "-", target,
        };
        (bool matched, _) = ProcessRunner.RunUntil("ip", args, packet, output => ContainsReply(output, tail, replyType), t);
        return matched;
    }

    /// <summary>Counts outcomes by reply; failures are counted under "[Refused]", "[TimedOut]", "[Failed]".</summary>
    public static IReadOnlyDictionary<string, int> CountByReply(IEnumerable<ConnectOutcome> outcomes) =>
        outcomes.GroupBy(o => o.IsConnected ? o.Reply ?? "" : $"[{o.Status}]")
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static TrafficServer StartServer(NetNamespace ns, TransportProtocol protocol, string bindAddress, int port, string reply) =>
        // The reply travels in the environment so that no quoting layer (sh, socat address syntax) can mangle it.
        StartServer(ns, protocol, bindAddress, port, reply, "'SYSTEM:printenv RL_REPLY'", $"RL_REPLY={Shell.Quote(reply)} ");

    private static TrafficServer StartServer(
        NetNamespace ns, TransportProtocol protocol, string bindAddress, int port, string reply, string socatAction, string environment)
    {
        IpFamily family = IpFamilyExtensions.FamilyOf(bindAddress);
        string v = family == IpFamily.V6 ? "6" : "4";
        string bind = family == IpFamily.V6 ? $"[{bindAddress}]" : bindAddress;
        string listen = protocol == TransportProtocol.Tcp
            ? $"TCP{v}-LISTEN:{port},bind={bind},reuseaddr,fork,backlog=128"
            : $"UDP{v}-RECVFROM:{port},bind={bind},reuseaddr,fork,shut-null";

        string command = $"{environment}exec socat -T5 {Shell.Quote(listen)} {socatAction}";
        BackgroundProcess process = ns.Start(command);
        var server = new TrafficServer(ns, protocol, bindAddress, port, reply, process);
        try
        {
            WaitListening(server);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    private static void WaitListening(TrafficServer server)
    {
        string flags = server.Protocol == TransportProtocol.Tcp ? "-Hltn" : "-Hlun";
        // With a specific address, probe that address: another server on the same port (another address) must
        // not count as this one listening.
        bool wildcard = server.BindAddress is "0.0.0.0" or "::";
        string filter = wildcard ? $"sport = :{server.Port}" : $"src {HostPart(server.BindAddress)}:{server.Port}";
        string probe = $"ss {flags} '{filter}'";
        var sw = Stopwatch.StartNew();
        while (true)
        {
            if (server.Process.HasExited)
            {
                throw new InvalidOperationException($"{server} exited before listening: {server.Process.StdErr.Trim()}");
            }

            ExecResult r = server.Namespace.Exec(probe, TimeSpan.FromSeconds(5));
            if (r.Success && r.StdOut.Trim().Length > 0 && !server.Process.HasExited)
            {
                return;
            }

            if (sw.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"{server} not listening after {ReadyTimeout.TotalSeconds} s; stderr: {server.Process.StdErr.Trim()}");
            }

            Thread.Sleep(20);
        }
    }

    private static IReadOnlyList<ConnectOutcome> RunLoop(NetNamespace client, string attempt, int count, TimeSpan timeoutEach, bool isUdp)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "at least one attempt");
        }

        string script =
            $"i=0; while [ \"$i\" -lt {count.ToString(CultureInfo.InvariantCulture)} ]; do i=$((i+1)); " +
            $"out=$({attempt} 2>&1); rc=$?; printf '@@rl %s@@\\n%s\\n' \"$rc\" \"$out\"; done";
        TimeSpan total = TimeSpan.FromTicks((timeoutEach + TimeSpan.FromSeconds(3)).Ticks * count) + TimeSpan.FromSeconds(10);
        ExecResult r = client.Exec(script, total);
        if (r.TimedOut)
        {
            throw new TimeoutException($"client loop did not finish: {r.Describe()}");
        }

        List<ConnectOutcome> outcomes = Parse(r.StdOut, isUdp);
        if (outcomes.Count != count)
        {
            throw new InvalidOperationException($"expected {count} outcomes, parsed {outcomes.Count}: {r.Describe()}");
        }

        return outcomes;
    }

    private static List<ConnectOutcome> Parse(string output, bool isUdp)
    {
        var outcomes = new List<ConnectOutcome>();
        int? rc = null;
        var text = new List<string>();

        void Flush()
        {
            if (rc is null)
            {
                return;
            }

            string body = string.Join("\n", text).TrimEnd('\n', '\r');
            if (rc != 0)
            {
                outcomes.Add(ConnectOutcome.FromFailure(rc.Value, body));
            }
            else if (isUdp && body.Length == 0)
            {
                outcomes.Add(ConnectOutcome.TimedOut("no UDP reply"));
            }
            else
            {
                outcomes.Add(ConnectOutcome.Connected(body));
            }

            text.Clear();
        }

        foreach (string line in output.Split('\n'))
        {
            Match m = Marker.Match(line);
            if (m.Success)
            {
                Flush();
                rc = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            else if (rc is not null)
            {
                text.Add(line);
            }
        }

        Flush();
        return outcomes;
    }

    /// <summary>timeout(1) prefix killing a hung attempt a little after socat's own timeouts.</summary>
    private static string Guard(TimeSpan t) => $"timeout -k 1 {Shell.Seconds(t + TimeSpan.FromSeconds(2))}";

    private static string HostPart(string address) => IpFamilyExtensions.FamilyOf(address) == IpFamily.V6 ? $"[{address}]" : address;

    private static bool ContainsReply(byte[] output, byte[] tail, byte replyType)
    {
        for (int i = 4; i + tail.Length <= output.Length; i++)
        {
            if (output[i - 4] == replyType && output[i - 3] == 0 && output.AsSpan(i, tail.Length).SequenceEqual(tail))
            {
                return true;
            }
        }

        return false;
    }

    private static ushort InternetChecksum(byte[] data)
    {
        uint sum = 0;
        for (int i = 0; i < data.Length; i += 2)
        {
            sum += (uint)(data[i] << 8) + (i + 1 < data.Length ? data[i + 1] : 0u);
        }

        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
