using System.Collections.Generic;
using System.Globalization;
using System.Text;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// Values as nft 1.0.6 prints them back (`nft list`): symbolic names where it has one for the value, numbers
/// otherwise, marks as eight hex digits. Emitting the printed form keeps what is loaded and what is listed alike.
/// </summary>
public static class NftValues
{
    /// <summary>nft's names of ICMP types (its icmp_type symbol table).</summary>
    private static readonly Dictionary<int, string> IcmpTypes = new()
    {
        [0] = "echo-reply", [3] = "destination-unreachable", [4] = "source-quench", [5] = "redirect",
        [8] = "echo-request", [9] = "router-advertisement", [10] = "router-solicitation", [11] = "time-exceeded",
        [12] = "parameter-problem", [13] = "timestamp-request", [14] = "timestamp-reply", [15] = "info-request",
        [16] = "info-reply", [17] = "address-mask-request", [18] = "address-mask-reply",
    };

    private static readonly Dictionary<int, string> IcmpCodes = new()
    {
        [0] = "net-unreachable", [1] = "host-unreachable", [2] = "prot-unreachable", [3] = "port-unreachable",
        [4] = "frag-needed", [9] = "net-prohibited", [10] = "host-prohibited", [13] = "admin-prohibited",
    };

    private static readonly Dictionary<int, string> Icmpv6Types = new()
    {
        [1] = "destination-unreachable", [2] = "packet-too-big", [3] = "time-exceeded", [4] = "parameter-problem",
        [128] = "echo-request", [129] = "echo-reply", [130] = "mld-listener-query", [131] = "mld-listener-report",
        [132] = "mld-listener-done", [133] = "nd-router-solicit", [134] = "nd-router-advert",
        [135] = "nd-neighbor-solicit", [136] = "nd-neighbor-advert", [137] = "nd-redirect",
        [138] = "router-renumbering", [141] = "ind-neighbor-solicit", [142] = "ind-neighbor-advert",
        [143] = "mld2-listener-report",
    };

    private static readonly Dictionary<int, string> Icmpv6Codes = new()
    {
        [0] = "no-route", [1] = "admin-prohibited", [3] = "addr-unreachable", [4] = "port-unreachable",
        [5] = "policy-fail", [6] = "reject-route",
    };

    /// <summary>DSCP class names nft prints (the first of its names for a value); other values print as hex.</summary>
    private static readonly Dictionary<int, string> DscpNames = new()
    {
        [0x00] = "cs0", [0x01] = "lephb", [0x08] = "cs1", [0x0a] = "af11", [0x0c] = "af12", [0x0e] = "af13",
        [0x10] = "cs2", [0x12] = "af21", [0x14] = "af22", [0x16] = "af23", [0x18] = "cs3", [0x1a] = "af31",
        [0x1c] = "af32", [0x1e] = "af33", [0x20] = "cs4", [0x22] = "af41", [0x24] = "af42", [0x26] = "af43",
        [0x28] = "cs5", [0x2c] = "va", [0x2e] = "ef", [0x30] = "cs6", [0x38] = "cs7",
    };

    private static readonly string[] LogLevels = { "emerg", "alert", "crit", "err", "warn", "notice", "info", "debug" };

    public const int DefaultLogLevel = 4;

    /// <summary>nft keeps a comment (rule, chain or set element) in at most 128 bytes.</summary>
    public const int MaxCommentBytes = 128;

    public static string IcmpType(IpFamily family, int type) =>
        Named(family == IpFamily.IPv4 ? IcmpTypes : Icmpv6Types, type);

    public static string IcmpCode(IpFamily family, int code) =>
        Named(family == IpFamily.IPv4 ? IcmpCodes : Icmpv6Codes, code);

    public static string Dscp(int value) =>
        DscpNames.TryGetValue(value, out var name) ? name : "0x" + value.ToString("x2", CultureInfo.InvariantCulture);

    public static string LogLevel(int level) => LogLevels[level];

    /// <summary>
    /// A route type as `fib ... type` takes it: nft 1.0.6 names unspec to prohibit only, so throw, nat and xresolve
    /// (RTN_THROW 9, RTN_NAT 10, RTN_XRESOLVE 11) are written as the numbers nft lists them by.
    /// </summary>
    public static string RouteType(AddressType type) => type switch
    {
        AddressType.Throw or AddressType.Nat or AddressType.Xresolve => Number((int)type),
        _ => type.ToString().ToLowerInvariant(),
    };

    public static string Hex32(uint value) => "0x" + value.ToString("x8", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A port or range in nft's form: 22, 1000-2000.</summary>
    public static string Port(PortSpan span) => span.IsSingle
        ? Number(span.Low)
        : Number(span.Low) + "-" + Number(span.High);

    public static string Protocol(Protocol protocol) => protocol switch
    {
        Model.Netfilter.Protocol.Icmpv6 => "ipv6-icmp",
        _ => protocol.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// An address as nft prints it: the network with host bits cleared (what the kernel uses, as iptables does),
    /// a single host without its prefix length.
    /// </summary>
    public static string Address(IpNetwork network)
    {
        var net = network.Network;
        return net.IsHost ? net.AddressText : net.ToString();
    }

    /// <summary>
    /// A user string in double quotes. nft's scanner reads a quoted string as everything up to the next '"', with
    /// no escapes, so a '"' cannot be written at all (the back end's check reports it as RL3101) and nothing else
    /// needs escaping; control characters are refused by the checker and, as a last defence, here.
    /// </summary>
    public static void AppendQuoted(StringBuilder output, string text)
    {
        if (!IsQuotable(text))
        {
            throw new System.InvalidOperationException("A string nft cannot hold reached the nft back end; its check must reject it first.");
        }
        output.Append('"').Append(text).Append('"');
    }

    public static bool IsQuotable(string text)
    {
        foreach (char c in text)
        {
            if (c == '"' || c < ' ' || c == 0x7f)
            {
                return false;
            }
        }
        return true;
    }

    public static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);

    private static string Named(Dictionary<int, string> names, int value) =>
        names.TryGetValue(value, out var name) ? name : Number(value);
}
