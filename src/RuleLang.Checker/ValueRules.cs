using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Text.RegularExpressions;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Checker;

/// <summary>
/// Checks of single values as written (addresses, ports, names, texts). Shared by the checker and, later, by
/// the analyzers that check the same literals at their span in the editor.
/// </summary>
public static class ValueRules
{
    // \z, not $: $ also matches before a final newline, and a name reaches file names and source lines.
    private static readonly Regex PolicyNamePattern = new("^[A-Za-z][A-Za-z0-9_-]{0,63}\\z", RegexOptions.CultureInvariant);

    /// <summary>A network for -s/-d. Host bits set is a warning: the kernel masks them off.</summary>
    public static void CheckNetwork(string address, SourceLocation location, DiagnosticBag bag)
    {
        if (!IpNetwork.TryParse(address, out var network, out var error))
        {
            bag.Report(DiagnosticCatalog.InvalidAddress, location, Printable(address), error + "; write an IPv4 network such as 192.168.1.0/24 or an IPv6 one such as 2001:db8::/32");
            return;
        }
        CheckHostBits(address, network, location, bag);
    }

    /// <summary>The same for an address parsed already (the model parses -s/-d once).</summary>
    public static void CheckNetwork(string address, IpNetwork? parsed, SourceLocation location, DiagnosticBag bag)
    {
        if (parsed is { } network)
        {
            CheckHostBits(address, network, location, bag);
        }
        else
        {
            CheckNetwork(address, location, bag);
        }
    }

    private static void CheckHostBits(string address, IpNetwork network, SourceLocation location, DiagnosticBag bag)
    {
        if (network.HasHostBits)
        {
            bag.Report(DiagnosticCatalog.HostBitsSet, location, address, network.Network.ToString(), network.MaxPrefixLength);
        }
    }

    /// <summary>A single host, as NAT targets and service addresses take.</summary>
    public static void CheckHostAddress(string address, SourceLocation location, DiagnosticBag bag) =>
        CheckHostAddress(address, null, location, bag);

    /// <summary>The same for an address the model has parsed already.</summary>
    public static void CheckHostAddress(string address, IpNetwork? parsed, SourceLocation location, DiagnosticBag bag)
    {
        var network = parsed ?? default;
        string error = "";
        if (parsed is null && !IpNetwork.TryParse(address, out network, out error))
        {
            bag.Report(DiagnosticCatalog.InvalidAddress, location, Printable(address), error + "; write one host address such as 10.0.0.2 or 2001:db8::2");
        }
        else if (address.IndexOf('/') >= 0 && !network.IsHost)
        {
            bag.Report(DiagnosticCatalog.InvalidAddress, location, address, "this takes one host address such as 10.0.0.2, not a network");
        }
    }

    public static void CheckPort(int port, SourceLocation location, DiagnosticBag bag)
    {
        if (port < PortSpan.MinPort || port > PortSpan.MaxPort)
        {
            bag.Report(DiagnosticCatalog.PortOutOfRange, location, port);
        }
    }

    public static void CheckPortSpan(PortSpan span, SourceLocation location, DiagnosticBag bag)
    {
        CheckPort(span.Low, location, bag);
        if (!span.IsSingle)
        {
            CheckPort(span.High, location, bag);
        }
        if (!span.IsOrdered)
        {
            bag.Report(DiagnosticCatalog.PortRangeReversed, location, span.Low, span.High);
        }
    }

    public static void CheckPortList(IReadOnlyList<PortSpan> ports, SourceLocation location, DiagnosticBag bag)
    {
        if (ports.Count == 0)
        {
            bag.Report(DiagnosticCatalog.ValueOutOfRange, location, "port list", "(empty)", "name at least one port");
            return;
        }
        int entries = 0;
        foreach (var span in ports)
        {
            CheckPortSpan(span, location, bag);
            entries += span.IsSingle ? 1 : 2;
        }
        if (ports.Count > 1 && entries > NetfilterFacts.MaxMultiportEntries)
        {
            bag.Report(DiagnosticCatalog.TooManyPorts, location, entries);
        }
    }

    public static void CheckInterfaceName(string name, SourceLocation location, DiagnosticBag bag)
    {
        string? problem = null;
        if (name.Length == 0)
        {
            problem = "is empty";
        }
        else if (Utf8Bytes(name) > NetfilterFacts.MaxInterfaceNameBytes)
        {
            problem = $"is {Utf8Bytes(name)} bytes long";
        }
        else if (name.IndexOf('+') >= 0 && name.IndexOf('+') != name.Length - 1)
        {
            problem = "has '+' before its end";
        }
        else
        {
            foreach (char c in name)
            {
                // The kernel refuses '/' and ':' in device names (':' was an alias label, never an interface).
                if (c <= ' ' || c == '/' || c == ':' || c == '"' || c == '\'' || c == '\\' || c == 0x7f || c > '~')
                {
                    problem = $"contains {Quote(c)}";
                    break;
                }
            }
        }
        if (problem != null)
        {
            bag.Report(DiagnosticCatalog.InvalidInterfaceName, location, Printable(name), problem);
        }
    }

    public static void CheckChainName(string name, SourceLocation location, DiagnosticBag bag)
    {
        string? problem = null;
        if (name.Length == 0)
        {
            problem = "is empty";
        }
        else if (Utf8Bytes(name) > NetfilterFacts.MaxChainNameBytes)
        {
            problem = $"is {Utf8Bytes(name)} bytes long";
        }
        else if (!IsChainNameText(name))
        {
            problem = "contains characters that are not allowed";
        }
        else if (name[0] == '-')
        {
            problem = "starts with '-'";
        }
        else if (NetfilterFacts.ReservedTargetNames.Contains(name))
        {
            problem = "is the name of a target";
        }

        if (problem != null)
        {
            bag.Report(DiagnosticCatalog.InvalidChainName, location, Printable(name), problem);
        }
    }

    public static void CheckComment(string text, SourceLocation location, DiagnosticBag bag)
    {
        // The kernel counts bytes: 255 characters of é are 510 bytes, and it would cut the last one in half.
        if (Utf8Bytes(text) > NetfilterFacts.MaxCommentBytes)
        {
            bag.Report(DiagnosticCatalog.InvalidComment, location, $"is {Utf8Bytes(text)} bytes long in UTF-8");
            return;
        }
        foreach (char c in text)
        {
            if (c < ' ' || c == 0x7f)
            {
                bag.Report(DiagnosticCatalog.InvalidComment, location, $"contains {Quote(c)}");
                return;
            }
        }
    }

    /// <summary>LOG prefixes share the comment's escaping, but the kernel keeps at most 29 bytes.</summary>
    public static void CheckLogPrefix(string prefix, SourceLocation location, DiagnosticBag bag)
    {
        foreach (char c in prefix)
        {
            if (c < ' ' || c == 0x7f)
            {
                bag.Report(DiagnosticCatalog.ValueOutOfRange, location, "log prefix", Printable(prefix), $"it contains {Quote(c)}; use printable text on one line");
                return;
            }
        }
        // The kernel keeps 29 bytes, not characters: a longer UTF-8 prefix would be cut inside a character.
        if (Utf8Bytes(prefix) > Model.Targets.LogTarget.MaxPrefixBytes)
        {
            bag.Report(DiagnosticCatalog.ValueOutOfRange, location, "log prefix", Printable(prefix),
                $"it is {Utf8Bytes(prefix)} bytes long in UTF-8, and a log prefix is at most {Model.Targets.LogTarget.MaxPrefixBytes} bytes");
        }
    }

    public static void CheckProbability(double probability, SourceLocation location, DiagnosticBag bag)
    {
        if (double.IsNaN(probability) || probability <= 0 || probability > 1)
        {
            bag.Report(DiagnosticCatalog.ProbabilityOutOfRange, location, probability.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    public static void CheckRange(string what, long value, long min, long max, SourceLocation location, DiagnosticBag bag)
    {
        if (value < min || value > max)
        {
            bag.Report(DiagnosticCatalog.ValueOutOfRange, location, what, value, $"it must be from {min} to {max}");
        }
    }

    // Named ranges, so the checker and the analyzers (which check the same literals at their span) agree.

    public static void CheckLogLevel(long level, SourceLocation at, DiagnosticBag bag) => CheckRange("log level", level, 0, 7, at, bag);

    public static void CheckDscp(long value, SourceLocation at, DiagnosticBag bag) => CheckRange("DSCP value", value, 0, Model.Targets.DscpTarget.MaxValue, at, bag);

    /// <summary>255 is iptables' "any type", which nft would read as type 255 only.</summary>
    public static void CheckIcmpType(long type, SourceLocation at, DiagnosticBag bag) => CheckRange("ICMP type", type, 0, 254, at, bag);

    public static void CheckIcmpCode(long code, SourceLocation at, DiagnosticBag bag) => CheckRange("ICMP code", code, 0, 255, at, bag);

    public static void CheckLimitBurst(long burst, SourceLocation at, DiagnosticBag bag) => CheckRange("limit burst", burst, 1, 10000, at, bag);

    /// <summary>The kernel's finest period is 1/10000 s: 10000/s, 600000/min, 36000000/h, 864000000/day.</summary>
    public static void CheckLimitRate(long rate, RateUnit unit, SourceLocation at, DiagnosticBag bag) =>
        CheckRange("limit rate", rate, 1, unit switch
        {
            RateUnit.Second => 10000L,
            RateUnit.Minute => 600000L,
            RateUnit.Hour => 36000000L,
            _ => 864000000L,
        }, at, bag);

    public static void CheckNthEvery(long every, SourceLocation at, DiagnosticBag bag) => CheckRange("nth --every", every, 1, int.MaxValue, at, bag);

    public static void CheckNthPacket(long packet, long every, SourceLocation at, DiagnosticBag bag) =>
        CheckRange("nth --packet", packet, 0, System.Math.Max(0, every - 1), at, bag);

    public static void CheckMasqueradeBit(long bit, SourceLocation at, DiagnosticBag bag) => CheckRange("masquerade bit", bit, 0, 31, at, bag);

    public static void CheckPolicyName(string name, SourceLocation location, DiagnosticBag bag)
    {
        if (!PolicyNamePattern.IsMatch(name))
        {
            bag.Report(DiagnosticCatalog.InvalidPolicyName, location, Printable(name));
        }
    }

    /// <summary>Letters, digits, '-', '_' and '.': nothing that could end a token or a line in a restore file.</summary>
    private static bool IsChainNameText(string name)
    {
        foreach (char c in name)
        {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c is '-' or '_' or '.';
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The length the kernel sees. Every string limit of netfilter (names, comments, prefixes) is a byte buffer,
    /// so every limit here is counted in UTF-8 bytes, never in characters.
    /// </summary>
    public static int Utf8Bytes(string text) => System.Text.Encoding.UTF8.GetByteCount(text);

    /// <summary>Makes control and format characters visible, so a message about a bad name cannot itself break a log line.</summary>
    public static string Printable(string text) => DiagnosticText.Escape(text);

    private static string Quote(char c) => c switch
    {
        '\n' => "a line break",
        '\r' => "a carriage return",
        '\t' => "a tab",
        ' ' => "a space",
        _ when c < ' ' || c == 0x7f => $"the control character \\x{(int)c:x2}",
        _ => $"'{c}'",
    };
}
