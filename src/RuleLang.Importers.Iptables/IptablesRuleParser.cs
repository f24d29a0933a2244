using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Importers.Iptables;

/// <summary>
/// Parses one iptables rule line (<c>-A CHAIN …</c> or <c>-I CHAIN [n] …</c>, as iptables-save prints it or as a
/// person writes it for iptables-restore) into a model <see cref="Rule"/>. Options are read as iptables reads them:
/// global options anywhere, <c>!</c> before the option it negates, a module's options after its <c>-m</c> (or the
/// protocol's own module loaded by <c>-p</c>, as <c>-p tcp --dport 22</c>), target options after <c>-j</c>, and an
/// unambiguous prefix of a long option for the option. Everything the model cannot hold is a diagnostic with the
/// column of the token it is about (RL02xx); nothing is dropped silently and nothing throws. Values are checked
/// only as far as reading them needs: ranges, lengths and placement are the checker's, which sees the whole policy.
/// </summary>
public static class IptablesRuleParser
{
    /// <param name="line">The rule line, without a trailing newline and without iptables-save's <c>[pkts:bytes]</c> counters.</param>
    /// <param name="table">The table the line belongs to (the <c>*table</c> section); a <c>-t</c> in the line overrides it.</param>
    /// <param name="lineLocation">File and line for diagnostics; token columns are counted from its column (1 when unknown).</param>
    /// <param name="family">IPv4 for iptables lines, IPv6 for ip6tables lines: it decides addresses, ICMP and REJECT names.</param>
    public static ParsedRule ParseRule(string line, TableKind table, SourceLocation lineLocation, IpFamily family = IpFamily.IPv4) =>
        new RuleLineParser(line, table, lineLocation, family).Parse();
}

internal sealed class RuleLineParser
{
    private static readonly string[] GlobalLongOptions =
    {
        "--append", "--insert", "--table", "--protocol", "--source", "--src", "--destination", "--dst", "--in-interface",
        "--out-interface", "--jump", "--goto", "--match", "--fragment", "--set-counters", "--ipv4", "--ipv6", "--delete",
        "--replace", "--new-chain", "--delete-chain", "--policy", "--flush", "--zero", "--list", "--list-rules",
        "--rename-chain", "--check", "--verbose", "--numeric", "--exact", "--line-numbers", "--wait", "--wait-interval",
        "--modprobe",
    };

    private static readonly Dictionary<string, char> GlobalLongToShort = new(StringComparer.Ordinal)
    {
        ["--append"] = 'A', ["--insert"] = 'I', ["--table"] = 't', ["--protocol"] = 'p', ["--source"] = 's', ["--src"] = 's',
        ["--destination"] = 'd', ["--dst"] = 'd', ["--in-interface"] = 'i', ["--out-interface"] = 'o', ["--jump"] = 'j',
        ["--goto"] = 'g', ["--match"] = 'm', ["--fragment"] = 'f', ["--set-counters"] = 'c', ["--ipv4"] = '4', ["--ipv6"] = '6',
        ["--delete"] = 'D', ["--replace"] = 'R', ["--new-chain"] = 'N', ["--delete-chain"] = 'X', ["--policy"] = 'P',
        ["--flush"] = 'F', ["--zero"] = 'Z', ["--list"] = 'L', ["--list-rules"] = 'S', ["--rename-chain"] = 'E', ["--check"] = 'C',
    };

    private const string NoSuchMatch = "RuleLang's model has no such match";

    /// <summary>Target extensions iptables knows besides the reserved names: a jump to one of these is not a user chain.</summary>
    private static readonly HashSet<string> OtherTargetExtensions = new(StringComparer.Ordinal)
    {
        "ECN", "TCPOPTSTRIP", "CLUSTERIP", "DNPT", "SNPT", "MIRROR", "SAME", "IPMARK", "ROUTE", "TARPIT", "DELUDE", "CHAOS",
    };

    private readonly string _line;
    private readonly TableKind _defaultTable;
    private readonly SourceLocation _at;
    private readonly IpFamily _family;
    private readonly List<PolicyDiagnostic> _diagnostics = new();
    private readonly List<Match?> _matches = new();
    private readonly List<Extension> _extensions = new();
    private readonly HashSet<char> _globalsSeen = new();
    private IReadOnlyList<IptablesToken> _tokens = Array.Empty<IptablesToken>();
    private int _pos;
    private IptablesToken? _command;
    private string _chain = "";
    private bool _insert;
    private int? _insertPosition;
    private TableKind? _table;
    private ProtocolMatch? _protocol;
    private Extension? _target;
    private bool _targetIsGoto;

    public RuleLineParser(string line, TableKind table, SourceLocation lineLocation, IpFamily family)
    {
        _line = line;
        _defaultTable = table;
        _at = lineLocation;
        _family = family;
    }

    public ParsedRule Parse()
    {
        if (!IptablesTokenizer.TryTokenize(_line, out var tokens, out int openQuote))
        {
            Report(DiagnosticCatalog.UnbalancedImportQuote, openQuote, openQuote.ToString(CultureInfo.InvariantCulture));
            return Result(null);
        }
        _tokens = tokens;
        while (_pos < _tokens.Count)
        {
            var token = _tokens[_pos];
            bool negated = false;
            if (IsBang(token))
            {
                _pos++;
                if (_pos >= _tokens.Count)
                {
                    Malformed(token, "'!' ends the rule", "write it before the option it negates");
                    break;
                }
                if (IsBang(_tokens[_pos]))
                {
                    Malformed(_tokens[_pos], "'!' is given twice", "iptables takes one '!' before an option");
                    _pos++;
                    continue;
                }
                negated = true;
                token = _tokens[_pos];
            }
            if (!IsOption(token))
            {
                Malformed(token, $"unexpected argument '{token.Text}'", "every value must follow the option it belongs to");
                _pos++;
                continue;
            }
            _pos++;
            HandleOption(token, negated);
        }

        if (_command is null)
        {
            if (_diagnostics.Any(d => d.Id == DiagnosticCatalog.NotARuleCommand.Id))
            {
                return Result(null);
            }
            Report(DiagnosticCatalog.NotARuleCommand, _tokens.Count > 0 ? _tokens[0].Column : 1, "the line has no -A or -I");
            return Result(null);
        }
        foreach (var extension in _extensions)
        {
            Finish(extension);
        }
        CheckPortModules();
        // A rule without -j or -g only counts the packets it matches, which the model holds as NoTarget.
        if (_diagnostics.Any(d => d.IsError) || (_target is not null && _target.Built is null))
        {
            return Result(null);
        }
        var rule = new Rule(TcpFlagsAfterPorts(_matches.Where(m => m is not null).Select(m => m!).ToArray()), _target?.Built ?? NoTarget.Instance, Location(_command.Value.Column));
        return Result(rule);
    }

    private ParsedRule Result(Rule? rule) =>
        new(_chain, _table ?? _defaultTable, rule, _diagnostics) { IsInsert = _insert, InsertPosition = _insertPosition };

    // ---------------------------------------------------------------- options

    private void HandleOption(IptablesToken token, bool negated)
    {
        string text = token.Text;
        if (!text.StartsWith("--", StringComparison.Ordinal))
        {
            if (text.Length == 2)
            {
                HandleGlobal(text[1], token, negated);
            }
            else
            {
                Unsupported(token, $"'{text}'", "iptables takes one short option per argument here; write them apart");
                SkipValues();
            }
            return;
        }

        // getopt_long: an exact name wins, the earliest loaded extension first; else an unambiguous prefix.
        if (GlobalLongToShort.TryGetValue(text, out char exactGlobal))
        {
            HandleGlobal(exactGlobal, token, negated);
            return;
        }
        if (Array.IndexOf(GlobalLongOptions, text) >= 0)
        {
            Unsupported(token, $"'{text}'", "it is not part of a rule");
            SkipValues();
            return;
        }
        var exact = _extensions.LastOrDefault(e => e.Options.Any(o => o.Name == text));
        if (exact is not null)
        {
            HandleExtensionOption(exact, exact.Options.First(o => o.Name == text), token, negated);
            return;
        }
        var opaque = _extensions.LastOrDefault(e => e.Opaque);
        if (opaque is not null)
        {
            // Most likely an option of the module or target that could not be imported (already reported).
            SkipValues();
            return;
        }
        if (TryResolveExtensionOption(text, token, out var owner, out var spec))
        {
            if (owner is not null)
            {
                HandleExtensionOption(owner, spec!, token, negated);
            }
            return;
        }
        var prefixed = GlobalLongOptions.Where(o => o.StartsWith(text, StringComparison.Ordinal)).ToArray();
        if (prefixed.Length == 1 && GlobalLongToShort.TryGetValue(prefixed[0], out char byPrefix))
        {
            HandleGlobal(byPrefix, token, negated);
            return;
        }
        if (TryLoadImplicitProtocolModule() && TryResolveExtensionOption(text, token, out owner, out spec))
        {
            if (owner is not null)
            {
                HandleExtensionOption(owner, spec!, token, negated);
            }
            return;
        }
        Unsupported(token, $"option {text}", _extensions.Count == 0
            ? "no match module or target that takes it is loaded (load one with -m or -j first)"
            : "no loaded match module or target takes it: " + string.Join(", ", _extensions.Select(e => e.Describe)));
        SkipValues();
    }

    /// <summary>
    /// Finds the loaded extension that takes a long option: an exact name, the latest loaded extension first (xtables
    /// puts a new extension's options before the older ones, so a second -m comment takes its own --comment), else an
    /// unambiguous prefix. Returns true with a null owner when the option was ambiguous (already reported).
    /// </summary>
    private bool TryResolveExtensionOption(string text, IptablesToken token, out Extension? owner, out OptionSpec? spec)
    {
        for (int i = _extensions.Count - 1; i >= 0; i--)
        {
            var exact = _extensions[i].Options.FirstOrDefault(o => o.Name == text);
            if (exact is not null)
            {
                (owner, spec) = (_extensions[i], exact);
                return true;
            }
        }
        var candidates = _extensions.SelectMany(e => e.Options.Where(o => o.Name.StartsWith(text, StringComparison.Ordinal)).Select(o => (Extension: e, Spec: o)))
            .ToArray();
        var globals = GlobalLongOptions.Where(o => o.StartsWith(text, StringComparison.Ordinal)).ToArray();
        if (candidates.Length == 1 && globals.Length == 0)
        {
            (owner, spec) = candidates[0];
            return true;
        }
        if (candidates.Length + globals.Length > 1 && candidates.Length > 0)
        {
            Malformed(token, $"option {text} is ambiguous", "it abbreviates " + string.Join(", ", candidates.Select(c => c.Spec.Name).Concat(globals)) + "; write it out");
            SkipValues();
            (owner, spec) = (null, null);
            return true;
        }
        (owner, spec) = (null, null);
        return false;
    }

    private void HandleGlobal(char option, IptablesToken token, bool negated)
    {
        string name = "-" + option;
        bool negatable = option is 'p' or 's' or 'd' or 'i' or 'o' or 'f';
        if (negated && !negatable && option is 'A' or 'I' or 't' or 'j' or 'g' or 'm' or '4' or '6')
        {
            Malformed(token, $"'!' before {name}", $"{name} cannot be negated");
        }
        switch (option)
        {
            case 'A':
            case 'I':
                if (_command is not null)
                {
                    Report(DiagnosticCatalog.ImportOptionTwice, token.Column, "the command (-A or -I)");
                }
                _command = token;
                _insert = option == 'I';
                if (TryArgument(token, out var chain))
                {
                    _chain = chain.Text;
                    if (_chain.Length == 0)
                    {
                        Malformed(chain, $"{name} needs a chain name", "it is empty");
                    }
                    if (_insert && _pos < _tokens.Count && !_tokens[_pos].Quoted && _tokens[_pos].Text.All(char.IsAsciiDigit) && _tokens[_pos].Text.Length > 0)
                    {
                        var number = _tokens[_pos++];
                        if (!IptablesNames.TryParseDecimal(number.Text, int.MaxValue, out int position) || position < 1)
                        {
                            Malformed(number, $"rule number '{number.Text}'", "rule numbers start at 1");
                        }
                        else
                        {
                            _insertPosition = position;
                        }
                    }
                }
                return;
            case 't':
                if (!Once(option, token) || !TryArgument(token, out var tableName))
                {
                    return;
                }
                _table = tableName.Text switch
                {
                    "raw" => TableKind.Raw,
                    "mangle" => TableKind.Mangle,
                    "nat" => TableKind.Nat,
                    "filter" => TableKind.Filter,
                    "security" => TableKind.Security,
                    _ => null,
                };
                if (_table is null)
                {
                    Malformed(tableName, $"table '{tableName.Text}'", "the tables are raw, mangle, nat, filter and security");
                }
                return;
            case 'p':
                if (Once(option, token) && TryArgument(token, out var protocol))
                {
                    ParseProtocol(protocol, negated);
                }
                return;
            case 's':
            case 'd':
                if (Once(option, token) && TryArgument(token, out var address))
                {
                    ParseAddress(option == 's' ? AddressSide.Source : AddressSide.Destination, address, negated);
                }
                return;
            case 'i':
            case 'o':
                if (Once(option, token) && TryArgument(token, out var iface))
                {
                    if (iface.Text.Length == 0)
                    {
                        Malformed(iface, $"{name} needs an interface name", "it is empty");
                        return;
                    }
                    _matches.Add(new InterfaceMatch(option == 'i' ? InterfaceSide.In : InterfaceSide.Out, iface.Text, negated));
                }
                return;
            case 'j':
            case 'g':
                if (_target is not null)
                {
                    Report(DiagnosticCatalog.ImportOptionTwice, token.Column, "the target (-j or -g)");
                    SkipValues();
                    return;
                }
                if (TryArgument(token, out var target))
                {
                    LoadTarget(target, option == 'g');
                }
                return;
            case 'm':
                if (TryArgument(token, out var module))
                {
                    LoadMatch(module);
                }
                return;
            case 'f':
                Unsupported(token, (negated ? "! " : "") + "-f", "RuleLang's model has no fragment match");
                return;
            case 'c':
                Unsupported(token, "-c", "packet and byte counters are not part of a policy; leave them out");
                SkipValues();
                return;
            case '4':
            case '6':
                if ((option == '4') != (_family == IpFamily.IPv4))
                {
                    Unsupported(token, name, $"it limits the line to IPv{option}, and this is an {(_family == IpFamily.IPv4 ? "iptables" : "ip6tables")} rule, which iptables skips");
                }
                return;
            case 'D':
            case 'R':
            case 'N':
            case 'X':
            case 'P':
            case 'F':
            case 'Z':
            case 'L':
            case 'S':
            case 'E':
            case 'C':
                Report(DiagnosticCatalog.NotARuleCommand, token.Column, $"'{token.Text}' is not a rule");
                SkipValues();
                return;
            default:
                Unsupported(token, $"option {token.Text}", "it is not part of a rule");
                SkipValues();
                return;
        }
    }

    private bool Once(char option, IptablesToken token)
    {
        if (_globalsSeen.Add(option))
        {
            return true;
        }
        Report(DiagnosticCatalog.ImportOptionTwice, token.Column, "-" + option);
        SkipValues();
        return false;
    }

    private bool TryArgument(IptablesToken option, out IptablesToken argument)
    {
        if (_pos >= _tokens.Count)
        {
            Malformed(option, $"{option.Text} needs an argument", "none follows it");
            argument = default;
            return false;
        }
        argument = _tokens[_pos++];
        if (IsBang(argument))
        {
            Unsupported(argument, $"'!' after {option.Text}", "iptables no longer reads a '!' after the option; write it before: ! " + option.Text);
            SkipValues();
            return false;
        }
        return true;
    }

    /// <summary>After an option that could not be read: skip its values, up to the next option.</summary>
    private void SkipValues()
    {
        while (_pos < _tokens.Count && !IsOption(_tokens[_pos]) && !IsBang(_tokens[_pos]))
        {
            _pos++;
        }
    }

    private static bool IsBang(IptablesToken token) => token.Text == "!" && !token.Quoted;

    private static bool IsOption(IptablesToken token) => !token.Quoted && token.Text.Length > 1 && token.Text[0] == '-';

    // ---------------------------------------------------------------- fixed part of the rule

    private void ParseProtocol(IptablesToken token, bool negated)
    {
        Protocol? protocol = ProtocolNamed(token.Text);
        if (protocol is null)
        {
            Unsupported(token, $"protocol '{token.Text}'", "RuleLang's model knows tcp, udp, sctp, icmp, icmpv6 and all");
            return;
        }
        if ((protocol == Protocol.Icmp && _family == IpFamily.IPv6) || (protocol == Protocol.Icmpv6 && _family == IpFamily.IPv4))
        {
            Unsupported(token, $"-p {token.Text}", $"RuleLang ties {(protocol == Protocol.Icmp ? "icmp to IPv4" : "icmpv6 to IPv6")}, and this is an {(_family == IpFamily.IPv4 ? "iptables" : "ip6tables")} rule");
            return;
        }
        _protocol = new ProtocolMatch(protocol.Value, negated);
        _matches.Add(_protocol);
    }

    private static Protocol? ProtocolNamed(string name) => name.ToLowerInvariant() switch
    {
        "tcp" or "6" => Protocol.Tcp,
        "udp" or "17" => Protocol.Udp,
        "sctp" or "132" => Protocol.Sctp,
        "icmp" or "1" => Protocol.Icmp,
        "icmpv6" or "ipv6-icmp" or "58" => Protocol.Icmpv6,
        "all" or "0" => Protocol.All,
        _ => null,
    };

    /// <summary>-s / -d, or with <paramref name="tuple"/> one of conntrack's --ctorigsrc and its kin (same address syntax).</summary>
    private void ParseAddress(AddressSide side, IptablesToken token, bool negated, ConntrackTuple? tuple = null, string? option = null)
    {
        string text = token.Text;
        string flag = option ?? (side == AddressSide.Source ? "-s" : "-d");
        if (text.IndexOf(',') >= 0)
        {
            Unsupported(token, $"{flag} {text}", "iptables makes one rule of each address in a list; write one rule per address");
            return;
        }
        int slash = text.IndexOf('/');
        if (slash >= 0 && (text.IndexOf('.', slash) >= 0 || text.IndexOf(':', slash) >= 0))
        {
            // A netmask: iptables takes 255.255.0.0 for /16; the model keeps prefix lengths, so only a contiguous mask fits.
            string mask = text.Substring(slash + 1);
            if (!IpNetwork.TryParse(mask, out var maskNetwork, out _) || !maskNetwork.IsHost)
            {
                Malformed(token, $"'{mask}' in {flag} {text}", "it is neither a prefix length nor a netmask");
                return;
            }
            int? prefix = PrefixOf(maskNetwork.GetAddressBytes());
            if (prefix is null)
            {
                Unsupported(token, $"{flag} {text}", "its netmask is not contiguous, and the model holds an address with a prefix length");
                return;
            }
            text = text.Substring(0, slash) + "/" + prefix.Value.ToString(CultureInfo.InvariantCulture);
        }
        if (!IpNetwork.TryParse(text, out var network, out string error))
        {
            if (text.Any(char.IsAsciiLetter) && text.IndexOf(':') < 0)
            {
                Unsupported(token, $"{flag} {text}", "iptables resolves host names when it loads the rule; write the address");
            }
            else
            {
                Malformed(token, $"address '{token.Text}'", error);
            }
            return;
        }
        if (!CheckFamily(token, network.Family, $"address '{token.Text}'"))
        {
            return;
        }
        _matches.Add(tuple is { } t ? new ConntrackAddressMatch(t, side, text, negated) : new AddressMatch(side, text, negated));
    }

    /// <summary>
    /// --src-range / --dst-range FROM[-TO]: libxt_iprange takes one address as the range of that address alone, and
    /// iptables-save prints it FROM-FROM; each end is one address of the rule's family, without a prefix length.
    /// </summary>
    private void ParseAddressRange(AddressSide side, IptablesToken token, bool negated)
    {
        string text = token.Text;
        int dash = text.IndexOf('-');
        string from = dash < 0 ? text : text.Substring(0, dash);
        string to = dash < 0 ? text : text.Substring(dash + 1);
        foreach (string end in new[] { from, to })
        {
            if (end.IndexOf('/') >= 0 || !IpNetwork.TryParse(end, out var host, out _))
            {
                Malformed(token, $"address range '{text}'", $"'{end}' is not one address; write FROM-TO with two addresses, such as 10.0.0.1-10.0.0.9");
                return;
            }
            if (!CheckFamily(token, host.Family, $"address range '{text}'"))
            {
                return;
            }
        }
        _matches.Add(new AddressRangeMatch(side, from, to, negated));
    }

    private bool CheckFamily(IptablesToken token, IpFamily family, string what)
    {
        if (family == _family)
        {
            return true;
        }
        Malformed(token, what, _family == IpFamily.IPv4 ? "this is an iptables rule, which takes IPv4 addresses" : "this is an ip6tables rule, which takes IPv6 addresses");
        return false;
    }

    private static int? PrefixOf(byte[] mask)
    {
        int prefix = 0;
        bool zeros = false;
        foreach (byte b in mask)
        {
            for (int bit = 7; bit >= 0; bit--)
            {
                bool set = (b & (1 << bit)) != 0;
                if (set && zeros)
                {
                    return null;
                }
                if (set)
                {
                    prefix++;
                }
                else
                {
                    zeros = true;
                }
            }
        }
        return prefix;
    }

    // ---------------------------------------------------------------- extensions

    private sealed record OptionSpec(string Name, string Key, int Arity, bool Negatable, string? Unsupported = null);

    private sealed class Extension
    {
        public Extension(string name, IptablesToken at, bool isTarget, OptionSpec[] options)
        {
            Name = name;
            At = at;
            IsTarget = isTarget;
            Options = options;
        }

        public string Name { get; }
        public IptablesToken At { get; }
        public bool IsTarget { get; }
        public OptionSpec[] Options { get; }
        public bool Opaque { get; init; }
        public bool Implicit { get; init; }
        public int Slot { get; set; } = -1;
        public Dictionary<string, (IptablesToken Option, IptablesToken Value, bool Negated)> Values { get; } = new(StringComparer.Ordinal);
        public Target? Built { get; set; }

        public string Describe => IsTarget ? "-j " + Name : "-m " + Name;
    }

    private static OptionSpec O(string name, int arity = 1, bool negatable = false, string? key = null) => new(name, key ?? name, arity, negatable);

    private static OptionSpec No(string name, int arity, string why, bool negatable = true) => new(name, name, arity, negatable, why);

    private static OptionSpec[] PortOptions(params OptionSpec[] more) => new[]
    {
        O("--sport", 1, true), O("--source-port", 1, true, "--sport"), O("--dport", 1, true), O("--destination-port", 1, true, "--dport"),
    }.Concat(more).ToArray();

    private static OptionSpec[]? MatchOptions(string name) => name switch
    {
        "tcp" => PortOptions(
            O("--tcp-flags", 2, true), O("--syn", 0, true, "--tcp-flags"),
            No("--tcp-option", 1, "RuleLang's model has no TCP option match")),
        "udp" => PortOptions(),
        "sctp" => PortOptions(No("--chunk-types", 2, "RuleLang's model has no SCTP chunk match")),
        "multiport" => new[]
        {
            O("--sports", 1, true), O("--source-ports", 1, true, "--sports"), O("--dports", 1, true), O("--destination-ports", 1, true, "--dports"),
            No("--ports", 1, "RuleLang's model has no match for a port on either side"),
        },
        "conntrack" => new[] { O("--ctstate", 1, true) }.Concat(ConntrackTupleOptions.Select(o => O(o, 1, true))).Concat(
            new[] { O("--ctstatus", 1, true), O("--ctexpire", 1, true), O("--ctdir") }).ToArray(),
        "state" => new[] { O("--state", 1, true) },
        "mark" => new[] { O("--mark", 1, true) },
        "nfacct" => new[] { O("--nfacct-name") },
        "iprange" => new[] { O("--src-range", 1, true), O("--dst-range", 1, true) },
        "pkttype" => new[] { O("--pkt-type", 1, true) },
        "owner" => new[]
        {
            O("--socket-exists", 0, true), O("--uid-owner", 1, true), O("--gid-owner", 1, true),
            No("--suppl-groups", 0, "RuleLang's owner match tests the socket's own gid, not its supplementary groups", false),
        },
        "physdev" => new[]
        {
            O("--physdev-in", 1, true), O("--physdev-out", 1, true), O("--physdev-is-in", 0, true),
            O("--physdev-is-out", 0, true), O("--physdev-is-bridged", 0, true),
        },
        "set" => new[]
        {
            O("--match-set", 2, true),
            No("--return-nomatch", 0, "RuleLang's set match tests membership only", false),
            No("--update-counters", 0, "RuleLang's set match tests membership only"),
            No("--update-subcounters", 0, "RuleLang's set match tests membership only"),
            No("--packets-eq", 1, "RuleLang's set match tests membership only"), No("--packets-lt", 1, "RuleLang's set match tests membership only"),
            No("--packets-gt", 1, "RuleLang's set match tests membership only"), No("--bytes-eq", 1, "RuleLang's set match tests membership only"),
            No("--bytes-lt", 1, "RuleLang's set match tests membership only"), No("--bytes-gt", 1, "RuleLang's set match tests membership only"),
        },
        "addrtype" => new[]
        {
            O("--src-type", 1, true), O("--dst-type", 1, true),
            No("--limit-iface-in", 0, "RuleLang's address type match looks at every interface", false),
            No("--limit-iface-out", 0, "RuleLang's address type match looks at every interface", false),
        },
        "statistic" => new[] { O("--mode"), O("--probability", 1, true), O("--every", 1, true), O("--packet") },
        "limit" => new[] { O("--limit"), O("--limit-burst") },
        "icmp" => new[] { O("--icmp-type", 1, true) },
        "icmp6" => new[] { O("--icmpv6-type", 1, true) },
        "comment" => new[] { O("--comment") },
        "recent" => new[]
        {
            O("--set", 0, true), O("--rcheck", 0, true), O("--update", 0, true), O("--remove", 0, true),
            O("--seconds"), O("--reap", 0), O("--name"), O("--rsource", 0), O("--mask"),
            O("--hitcount"), O("--rttl", 0), O("--rdest", 0),
        },
        "hashlimit" => new[]
        {
            O("--hashlimit-upto"), O("--hashlimit-above"), O("--hashlimit-burst"), O("--hashlimit-mode"), O("--hashlimit-name"),
            O("--hashlimit-srcmask"), O("--hashlimit-dstmask"), O("--hashlimit-htable-expire"),
            No("--hashlimit-htable-size", 1, "RuleLang's hashlimit match keeps the kernel's table size (a full table drops new groups' packets)", false),
            No("--hashlimit-htable-max", 1, "RuleLang's hashlimit match keeps the kernel's table size (a full table drops new groups' packets)", false),
            No("--hashlimit-htable-gcinterval", 1, "RuleLang's hashlimit match keeps the kernel's garbage collection interval", false),
            No("--hashlimit-rate-match", 0, "RuleLang's hashlimit match limits packets and does not match on the measured rate", false),
            No("--hashlimit-rate-interval", 1, "RuleLang's hashlimit match limits packets and does not match on the measured rate", false),
        },
        "connlimit" => new[]
        {
            O("--connlimit-upto"), O("--connlimit-above", 1, true), O("--connlimit-mask"), O("--connlimit-saddr", 0), O("--connlimit-daddr", 0),
        },
        _ => null,
    };

    private static OptionSpec[]? TargetOptions(string name) => name switch
    {
        "ACCEPT" or "DROP" or "RETURN" or "NOTRACK" => Array.Empty<OptionSpec>(),
        "REJECT" => new[] { O("--reject-with") },
        "LOG" => new[]
        {
            O("--log-prefix"), O("--log-level"), O("--log-tcp-sequence", 0), O("--log-tcp-options", 0), O("--log-ip-options", 0),
            O("--log-uid", 0), O("--log-macdecode", 0),
        },
        "DNAT" => new[]
        {
            O("--to-destination"), No("--random", 0, "RuleLang's DNAT has no port randomisation", false),
            No("--persistent", 0, "RuleLang's DNAT rewrites to one address, so has no persistent choice among several", false),
        },
        "SNAT" => new[]
        {
            O("--to-source"), No("--random", 0, "RuleLang's SNAT has no port randomisation", false),
            No("--random-fully", 0, "RuleLang's SNAT has no port randomisation", false),
            No("--persistent", 0, "RuleLang's SNAT rewrites to one address, so has no persistent choice among several", false),
        },
        "MASQUERADE" => new[] { O("--to-ports"), O("--random-fully", 0), No("--random", 0, "RuleLang's MASQUERADE has --random-fully, not --random", false) },
        "REDIRECT" => new[] { O("--to-ports"), No("--random", 0, "RuleLang's REDIRECT has no port randomisation", false) },
        "MARK" => new[] { O("--set-mark"), O("--set-xmark"), O("--and-mark"), O("--or-mark"), O("--xor-mark") },
        "CONNMARK" => new[]
        {
            O("--set-mark"), O("--set-xmark"), O("--and-mark"), O("--or-mark"), O("--xor-mark"), O("--save-mark", 0),
            O("--restore-mark", 0), O("--nfmask"), O("--ctmask"), O("--mask"),
        },
        "CT" => new[]
        {
            O("--notrack", 0), O("--helper"), O("--zone"), O("--zone-orig"), O("--zone-reply"),
            No("--ctevents", 1, "RuleLang's CT target sets a helper or a zone, or exempts packets from tracking (--notrack)", false),
            No("--expevents", 1, "RuleLang's CT target sets a helper or a zone, or exempts packets from tracking (--notrack)", false),
            No("--timeout", 1, "RuleLang's CT target sets a helper or a zone, or exempts packets from tracking (--notrack)", false),
        },
        "DSCP" => new[] { O("--set-dscp"), O("--set-dscp-class") },
        "TCPMSS" => new[] { O("--set-mss"), O("--clamp-mss-to-pmtu", 0) },
        _ => null,
    };

    private void LoadMatch(IptablesToken name)
    {
        var options = MatchOptions(name.Text);
        if (options is null)
        {
            Unsupported(name, $"-m {name.Text}", NoSuchMatch);
            _extensions.Add(new Extension(name.Text, name, false, Array.Empty<OptionSpec>()) { Opaque = true });
            return;
        }
        if ((name.Text == "icmp" && _family == IpFamily.IPv6) || (name.Text == "icmp6" && _family == IpFamily.IPv4))
        {
            Unsupported(name, $"-m {name.Text}", _family == IpFamily.IPv4 ? "iptables has no icmp6 match; use -m icmp" : "ip6tables has no icmp match; use -m icmp6");
            _extensions.Add(new Extension(name.Text, name, false, Array.Empty<OptionSpec>()) { Opaque = true });
            return;
        }
        var extension = new Extension(name.Text, name, false, options);
        if (name.Text is "statistic" or "limit" or "recent" or "hashlimit" or "connlimit" or "owner" or "physdev")
        {
            // Built when the rule ends (it needs all its options), but tested in the order it was written.
            extension.Slot = _matches.Count;
            _matches.Add(null);
        }
        _extensions.Add(extension);
    }

    /// <summary>The protocol's own module, which iptables loads when an option is unknown and -p names it.</summary>
    private bool TryLoadImplicitProtocolModule()
    {
        if (_protocol is null || _protocol.Negated)
        {
            return false;
        }
        string? module = _protocol.Protocol switch
        {
            Protocol.Tcp => "tcp",
            Protocol.Udp => "udp",
            Protocol.Sctp => "sctp",
            Protocol.Icmp => "icmp",
            Protocol.Icmpv6 => "icmp6",
            _ => null,
        };
        if (module is null || _extensions.Any(e => e.Name == module && !e.IsTarget))
        {
            return false;
        }
        _extensions.Add(new Extension(module, _command ?? _tokens[0], false, MatchOptions(module)!) { Implicit = true });
        return true;
    }

    private void LoadTarget(IptablesToken name, bool isGoto)
    {
        _targetIsGoto = isGoto;
        var options = TargetOptions(name.Text);
        bool known = options is not null;
        bool isExtension = NetfilterFacts.ReservedTargetNames.Contains(name.Text) || OtherTargetExtensions.Contains(name.Text);
        if (isGoto && (known || isExtension))
        {
            Malformed(name, $"-g {name.Text}", "-g takes a user chain; use -j for a target");
            _target = new Extension(name.Text, name, true, Array.Empty<OptionSpec>()) { Opaque = true };
            _extensions.Add(_target);
            return;
        }
        if (!known && isExtension)
        {
            Report(DiagnosticCatalog.UnsupportedImportTarget, name.Column, name.Text, "RuleLang's model has no such target");
            _target = new Extension(name.Text, name, true, Array.Empty<OptionSpec>()) { Opaque = true };
            _extensions.Add(_target);
            return;
        }
        if (name.Text.Length == 0)
        {
            Malformed(name, $"{(isGoto ? "-g" : "-j")} needs a target", "it is empty");
            return;
        }
        _target = new Extension(known ? name.Text : "", name, true, options ?? Array.Empty<OptionSpec>());
        _extensions.Add(_target);
    }

    private void HandleExtensionOption(Extension extension, OptionSpec spec, IptablesToken option, bool negated)
    {
        var args = new List<IptablesToken>();
        for (int i = 0; i < spec.Arity; i++)
        {
            if (!TryArgument(option, out var argument))
            {
                return;
            }
            args.Add(argument);
        }
        if (spec.Unsupported is not null)
        {
            Unsupported(option, (negated ? "! " : "") + spec.Name + (args.Count > 0 ? " " + string.Join(" ", args.Select(a => a.Text)) : "") + $" ({extension.Describe})", spec.Unsupported);
            return;
        }
        if (negated && !spec.Negatable)
        {
            Malformed(option, $"'!' before {spec.Name}", $"{spec.Name} cannot be negated");
            return;
        }
        if (extension.Values.ContainsKey(spec.Key))
        {
            Report(DiagnosticCatalog.ImportOptionTwice, option.Column, $"{spec.Key} ({extension.Describe})");
            return;
        }
        var value = args.Count > 0 ? args[0] : option;
        extension.Values[spec.Key] = (option, value, negated);
        if (!extension.IsTarget)
        {
            ApplyMatchOption(extension, spec.Key, option, value, negated);
        }
    }

    // ---------------------------------------------------------------- matches

    private void ApplyMatchOption(Extension extension, string key, IptablesToken option, IptablesToken value, bool negated)
    {
        switch (extension.Name, key)
        {
            case ("tcp" or "udp" or "sctp", "--sport" or "--dport"):
                if (TryPortSpan(value, ':', out var span))
                {
                    _matches.Add(new PortMatch(key == "--sport" ? AddressSide.Source : AddressSide.Destination, new[] { span }, negated));
                }
                break;
            case ("multiport", _):
                var spans = new List<PortSpan>();
                foreach (string part in value.Text.Split(','))
                {
                    if (!TryPortSpan(value, ':', out var one, part))
                    {
                        return;
                    }
                    spans.Add(one);
                }
                _matches.Add(new PortMatch(key == "--sports" ? AddressSide.Source : AddressSide.Destination, spans, negated));
                break;
            case ("conntrack", "--ctstate"):
            case ("state", "--state"):
                if (TryStates(value, extension.Name == "state", out var states))
                {
                    _matches.Add(new ConntrackMatch(states, negated));
                }
                break;
            case ("conntrack", "--ctproto"):
                ParseConntrackProtocol(value, negated);
                break;
            case ("conntrack", "--ctstatus"):
                ParseConntrackStatus(value, negated);
                break;
            case ("conntrack", "--ctexpire"):
                ParseConntrackExpire(value, negated);
                break;
            case ("conntrack", "--ctdir"):
                ParseConntrackDirection(value);
                break;
            case ("conntrack", _) when ConntrackTupleOf(key) is { } tupleOption:
                if (tupleOption.Port)
                {
                    if (TryPortSpan(value, ':', out var tuplePorts))
                    {
                        _matches.Add(new ConntrackPortMatch(tupleOption.Tuple, tupleOption.Side, tuplePorts, negated));
                    }
                }
                else
                {
                    ParseAddress(tupleOption.Side, value, negated, tupleOption.Tuple, key);
                }
                break;
            case ("mark", "--mark"):
                if (TryValueMask(value, out uint markValue, out uint markMask))
                {
                    _matches.Add(new MarkMatch(markValue, markMask, negated));
                }
                break;
            case ("addrtype", _):
                if (value.Text.IndexOf(',') >= 0)
                {
                    Unsupported(value, $"{key} {value.Text}", "RuleLang's address type match tests one type; write one rule per type");
                }
                else if (Enum.TryParse<AddressType>(value.Text, ignoreCase: true, out var type) && value.Text.All(char.IsAsciiLetter))
                {
                    _matches.Add(new AddressTypeMatch(key == "--src-type" ? AddressSide.Source : AddressSide.Destination, type, negated));
                }
                else
                {
                    Malformed(value, $"address type '{value.Text}'", "the types are " + string.Join(", ", Enum.GetNames<AddressType>().Select(n => n.ToUpperInvariant())));
                }
                break;
            case ("icmp" or "icmp6", _):
                ParseIcmpType(extension.Name == "icmp" ? IpFamily.IPv4 : IpFamily.IPv6, option, value, negated);
                break;
            case ("comment", "--comment"):
                _matches.Add(new CommentMatch(value.Text));
                break;
            case ("iprange", _):
                ParseAddressRange(key == "--src-range" ? AddressSide.Source : AddressSide.Destination, value, negated);
                break;
            case ("nfacct", "--nfacct-name"):
                _matches.Add(new NfacctMatch(value.Text));
                break;
            case ("tcp", "--tcp-flags"):
                ParseTcpFlags(option, value, negated);
                break;
            case ("pkttype", "--pkt-type"):
                ParsePacketType(value, negated);
                break;
            case ("set", "--match-set"):
                ParseSetMatch(value, negated);
                break;
            case ("statistic", "--probability" or "--every") when negated:
                Unsupported(option, $"! {key}", "RuleLang's model has no negated statistic match");
                break;
            case ("recent", "--set" or "--rcheck" or "--update" or "--remove") when negated:
                Unsupported(option, $"! {key}", "RuleLang's model has no negated recent match");
                break;
        }
    }

    private static readonly string[] ConntrackTupleOptions =
    {
        "--ctproto", "--ctorigsrc", "--ctorigdst", "--ctreplsrc", "--ctrepldst", "--ctorigsrcport", "--ctorigdstport", "--ctreplsrcport", "--ctrepldstport",
    };

    /// <summary>--ctorigsrc … --ctrepldstport: which tuple, which side, and whether it is the port; null for the others.</summary>
    private static (ConntrackTuple Tuple, AddressSide Side, bool Port)? ConntrackTupleOf(string option) => option switch
    {
        "--ctorigsrc" => (ConntrackTuple.Original, AddressSide.Source, false),
        "--ctorigdst" => (ConntrackTuple.Original, AddressSide.Destination, false),
        "--ctreplsrc" => (ConntrackTuple.Reply, AddressSide.Source, false),
        "--ctrepldst" => (ConntrackTuple.Reply, AddressSide.Destination, false),
        "--ctorigsrcport" => (ConntrackTuple.Original, AddressSide.Source, true),
        "--ctorigdstport" => (ConntrackTuple.Original, AddressSide.Destination, true),
        "--ctreplsrcport" => (ConntrackTuple.Reply, AddressSide.Source, true),
        "--ctrepldstport" => (ConntrackTuple.Reply, AddressSide.Destination, true),
        _ => null,
    };

    /// <summary>--ctstatus NONE or a comma list of EXPECTED, SEEN_REPLY, ASSURED, CONFIRMED (any case, as libxt_conntrack reads them).</summary>
    private void ParseConntrackStatus(IptablesToken token, bool negated)
    {
        var status = ConntrackStatus.None;
        foreach (string name in token.Text.Split(','))
        {
            string upper = name.ToUpperInvariant();
            ConntrackStatus? bit = upper == "NONE" ? ConntrackStatus.None
                : ConntrackStatusNames.Bits.Where(b => b.Iptables == upper).Select(b => (ConntrackStatus?)b.Bit).FirstOrDefault();
            if (bit is null)
            {
                Malformed(token, $"--ctstatus '{token.Text}'", "the statuses are NONE, EXPECTED, SEEN_REPLY, ASSURED and CONFIRMED");
                return;
            }
            status |= bit.Value;
        }
        _matches.Add(new ConntrackStatusMatch(status, negated));
    }

    /// <summary>--ctexpire MIN[:MAX]: seconds, each from 0 to 4294967295, MIN not above MAX.</summary>
    private void ParseConntrackExpire(IptablesToken token, bool negated)
    {
        string[] parts = token.Text.Split(':');
        if (parts.Length > 2 || !IptablesNames.TryParseUInt32(parts[0], out uint min)
            || !IptablesNames.TryParseUInt32(parts[^1], out uint max) || min > max)
        {
            Malformed(token, $"--ctexpire '{token.Text}'", "it takes seconds, MIN or MIN:MAX, each from 0 to 4294967295, MIN not above MAX");
            return;
        }
        _matches.Add(new ConntrackExpireMatch(min, max, negated));
    }

    /// <summary>--ctdir ORIGINAL|REPLY (any case); iptables refuses '!' before it.</summary>
    private void ParseConntrackDirection(IptablesToken token)
    {
        ConntrackTuple? direction = token.Text.ToUpperInvariant() switch
        {
            "ORIGINAL" => ConntrackTuple.Original,
            "REPLY" => ConntrackTuple.Reply,
            _ => null,
        };
        if (direction is null)
        {
            Malformed(token, $"--ctdir '{token.Text}'", "the directions are ORIGINAL and REPLY");
            return;
        }
        _matches.Add(new ConntrackDirectionMatch(direction.Value));
    }

    private void ParseConntrackProtocol(IptablesToken token, bool negated)
    {
        Protocol? protocol = ProtocolNamed(token.Text);
        if (protocol == Protocol.All)
        {
            // iptables refuses --ctproto 0 (and "all"): it would test for a connection without a protocol.
            Malformed(token, $"--ctproto {token.Text}", "a connection always has a protocol; name one, or leave --ctproto out");
            return;
        }
        if (protocol is null)
        {
            Unsupported(token, $"--ctproto {token.Text}", "RuleLang's model knows tcp, udp, sctp, icmp and icmpv6");
            return;
        }
        _matches.Add(new ConntrackProtocolMatch(protocol.Value, negated));
    }

    /// <summary>
    /// --match-set NAME src[,dst…], whose directions are the token just read (the option takes two): a dump holds no
    /// set's contents, so the import declares each set it meets as external (ImportedSets), of the rule's family.
    /// </summary>
    private void ParseSetMatch(IptablesToken name, bool negated)
    {
        var flags = _tokens[_pos - 1];
        var directions = new List<AddressSide>();
        foreach (string flag in flags.Text.Split(','))
        {
            if (flag is not ("src" or "dst"))
            {
                Malformed(flags, $"set directions '{flags.Text}'", "give src or dst for each value of the set's elements, joined by ',', such as src or src,dst");
                return;
            }
            directions.Add(flag == "src" ? AddressSide.Source : AddressSide.Destination);
        }
        if (directions.Count > Model.Sets.NamedSet.MaxDimension)
        {
            Malformed(flags, $"set directions '{flags.Text}'", $"a set element has at most {Model.Sets.NamedSet.MaxDimension} values");
            return;
        }
        _matches.Add(new SetMatch(name.Text, directions, negated, _family));
    }

    /// <summary><c>--syn</c>, or <c>--tcp-flags MASK COMP</c>, whose COMP is the token just read (the option takes two).</summary>
    private void ParseTcpFlags(IptablesToken option, IptablesToken mask, bool negated)
    {
        if (option.Text == "--syn")
        {
            _matches.Add(TcpFlagsMatch.Syn(negated));
            return;
        }
        var comparison = _tokens[_pos - 1];
        if (TryTcpFlags(mask, out var maskFlags) && TryTcpFlags(comparison, out var comparisonFlags))
        {
            _matches.Add(new TcpFlagsMatch(maskFlags, comparisonFlags, negated));
        }
    }

    /// <summary>libxt_tcp's flag list: names separated by commas, any case, ALL and NONE included.</summary>
    private bool TryTcpFlags(IptablesToken token, out TcpFlags flags)
    {
        flags = TcpFlags.None;
        foreach (string name in token.Text.Split(','))
        {
            TcpFlags? flag = name.ToUpperInvariant() switch
            {
                "FIN" => TcpFlags.Fin,
                "SYN" => TcpFlags.Syn,
                "RST" => TcpFlags.Rst,
                "PSH" => TcpFlags.Psh,
                "ACK" => TcpFlags.Ack,
                "URG" => TcpFlags.Urg,
                "ALL" => TcpFlags.All,
                "NONE" => TcpFlags.None,
                _ => null,
            };
            if (flag is null)
            {
                Malformed(token, $"TCP flag '{name}'", "the flags are FIN, SYN, RST, PSH, ACK, URG, ALL and NONE, separated by commas");
                return false;
            }
            flags |= flag.Value;
        }
        return true;
    }

    private void ParsePacketType(IptablesToken value, bool negated)
    {
        PacketType? type = value.Text.ToLowerInvariant() switch
        {
            // libxt_pkttype's names and its aliases (host, bcast, mcast); iptables-save prints the first name.
            "unicast" or "host" => PacketType.Unicast,
            "broadcast" or "bcast" => PacketType.Broadcast,
            "multicast" or "mcast" => PacketType.Multicast,
            _ => null,
        };
        if (type is null)
        {
            Unsupported(value, $"--pkt-type {value.Text}", "RuleLang's packet type match knows unicast, broadcast and multicast");
            return;
        }
        _matches.Add(new PacketTypeMatch(type.Value, negated));
    }

    /// <summary>
    /// libxt_tcp keeps one match whose ports come before its flags, whatever order the command gave them in, and
    /// iptables-save prints them so: the flags move after the rule's port tests, so an imported `--syn --dport 80`
    /// is the rule iptables-save prints back (and nft writes `tcp dport 80 tcp flags …`, as iptables-translate does).
    /// </summary>
    private static Match[] TcpFlagsAfterPorts(Match[] matches)
    {
        int lastPort = System.Array.FindLastIndex(matches, m => m is PortMatch);
        int firstFlags = System.Array.FindIndex(matches, m => m is TcpFlagsMatch);
        if (firstFlags < 0 || lastPort < firstFlags)
        {
            return matches;
        }
        var flags = matches.Where((m, i) => m is TcpFlagsMatch && i < lastPort).ToArray();
        var rest = matches.Where((m, i) => !(m is TcpFlagsMatch && i < lastPort)).ToList();
        rest.InsertRange(rest.IndexOf(matches[lastPort]) + 1, flags);
        return rest.ToArray();
    }

    private bool TryPortSpan(IptablesToken token, char separator, out PortSpan span, string? text = null)
    {
        text ??= token.Text;
        span = default;
        int cut = text.IndexOf(separator);
        string low = cut < 0 ? text : text.Substring(0, cut);
        string high = cut < 0 ? text : text.Substring(cut + 1);
        // iptables reads an empty side of a range as 0 or 65535 (":1023", "1024:").
        if (cut >= 0 && low.Length == 0)
        {
            low = "0";
        }
        if (cut >= 0 && high.Length == 0)
        {
            high = "65535";
        }
        if (!TryPort(token, low, out int lowPort) || !TryPort(token, high, out int highPort))
        {
            return false;
        }
        span = new PortSpan(lowPort, highPort);
        return true;
    }

    /// <summary>
    /// MASQUERADE's and REDIRECT's --to-ports: one port (a number or a service name, "ftp-data" included) or a
    /// range of numbers; iptables refuses names in a range ("ftp-ssh").
    /// </summary>
    private bool TryToPorts(IptablesToken token, out PortSpan span)
    {
        if (IptablesNames.Services.TryGetValue(token.Text, out int named))
        {
            span = PortSpan.Single(named);
            return true;
        }
        if (token.Text.IndexOf('-') >= 0 && !token.Text.All(c => char.IsAsciiDigit(c) || c == '-'))
        {
            Malformed(token, $"--to-ports '{token.Text}'", "a range takes port numbers, such as 8000-8010, not service names");
            span = default;
            return false;
        }
        return TryPortSpan(token, '-', out span);
    }

    private bool TryPort(IptablesToken token, string text, out int port)
    {
        if (IptablesNames.TryParseDecimal(text, PortSpan.MaxPort, out port))
        {
            return true;
        }
        if (IptablesNames.Services.TryGetValue(text, out port))
        {
            return true;
        }
        if (text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && text.Any(char.IsAsciiLetter))
        {
            Unsupported(token, $"port name '{text}'", "it is not one of the well-known service names RuleLang knows; write the number");
        }
        else
        {
            Malformed(token, $"port '{text}'", "a port is a number from 0 to 65535");
        }
        return false;
    }

    private bool TryStates(IptablesToken token, bool stateModule, out ConntrackStates states)
    {
        states = ConntrackStates.None;
        foreach (string name in token.Text.Split(','))
        {
            ConntrackStates state = name.ToUpperInvariant() switch
            {
                "INVALID" => ConntrackStates.Invalid,
                "NEW" => ConntrackStates.New,
                "RELATED" => ConntrackStates.Related,
                "ESTABLISHED" => ConntrackStates.Established,
                "UNTRACKED" => ConntrackStates.Untracked,
                "SNAT" when !stateModule => ConntrackStates.Snat,
                "DNAT" when !stateModule => ConntrackStates.Dnat,
                _ => ConntrackStates.None,
            };
            if (state == ConntrackStates.None)
            {
                Malformed(token, $"state '{name}'", stateModule
                    ? "-m state knows INVALID, NEW, RELATED, ESTABLISHED and UNTRACKED"
                    : "-m conntrack --ctstate knows INVALID, NEW, RELATED, ESTABLISHED, UNTRACKED, SNAT and DNAT");
                return false;
            }
            states |= state;
        }
        return true;
    }

    private bool TryValueMask(IptablesToken token, out uint value, out uint mask)
    {
        mask = 0xffffffff;
        string text = token.Text;
        int slash = text.IndexOf('/');
        string valuePart = slash < 0 ? text : text.Substring(0, slash);
        if (!IptablesNames.TryParseUInt32(valuePart, out value))
        {
            Malformed(token, $"mark '{text}'", "a mark is a 32-bit number (decimal, 0x hexadecimal or 0 octal), optionally /mask");
            return false;
        }
        if (slash >= 0 && !IptablesNames.TryParseUInt32(text.Substring(slash + 1), out mask))
        {
            Malformed(token, $"mask in '{text}'", "a mask is a 32-bit number (decimal, 0x hexadecimal or 0 octal)");
            return false;
        }
        return true;
    }

    private void ParseIcmpType(IpFamily family, IptablesToken option, IptablesToken value, bool negated)
    {
        if (negated)
        {
            Unsupported(option, $"! {option.Text}", "RuleLang's model has no negated ICMP type match");
            return;
        }
        string text = value.Text;
        if (family == IpFamily.IPv4 && string.Equals(text, "any", StringComparison.OrdinalIgnoreCase))
        {
            return; // every type: the same as no type match
        }
        int type;
        int? code = null;
        if (text.Length > 0 && char.IsAsciiDigit(text[0]))
        {
            int slash = text.IndexOf('/');
            string typePart = slash < 0 ? text : text.Substring(0, slash);
            if (!IptablesNames.TryParseDecimal(typePart, 255, out type))
            {
                Malformed(value, $"ICMP type '{text}'", "a type is a number from 0 to 255 or a name, optionally /code");
                return;
            }
            if (slash >= 0)
            {
                if (!IptablesNames.TryParseDecimal(text.Substring(slash + 1), 255, out int parsedCode))
                {
                    Malformed(value, $"ICMP code in '{text}'", "a code is a number from 0 to 255");
                    return;
                }
                code = parsedCode;
            }
        }
        else if (!IptablesNames.TryIcmpName(IcmpNames.For(family), text, out type, out code, out string? ambiguity))
        {
            Malformed(value, $"ICMP{(family == IpFamily.IPv6 ? "v6" : "")} type '{text}'", ambiguity is null
                ? "it is not a number or a name iptables knows"
                : "it abbreviates several names: " + ambiguity);
            return;
        }
        _matches.Add(new IcmpTypeMatch(family, type, code));
    }

    /// <summary>-m tcp --dport needs -p tcp: the model prints a port match with the rule's protocol's module.</summary>
    private void CheckPortModules()
    {
        foreach (var extension in _extensions)
        {
            if (extension.IsTarget || extension.Name is not ("tcp" or "udp" or "sctp" or "icmp" or "icmp6"))
            {
                continue;
            }
            string wanted = extension.Name == "icmp6" ? "icmpv6" : extension.Name;
            if (_protocol is { Negated: false } p && p.Protocol != Protocol.All
                && !string.Equals(p.Protocol.ToString(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                Malformed(extension.At, $"-m {extension.Name}", $"it needs -p {wanted}, but the rule's protocol is {p.Protocol.ToString().ToLowerInvariant()}");
            }
        }
    }

    // ---------------------------------------------------------------- end of the rule: stateful matches and the target

    private void Finish(Extension extension)
    {
        if (extension.Opaque)
        {
            return;
        }
        if (!extension.IsTarget)
        {
            if (!extension.Implicit && extension.Values.Count == 0 && extension.Name is "tcp" or "udp" or "sctp" && !_diagnostics.Any(d => d.IsError))
            {
                // kube-proxy writes "-p tcp -m tcp -j DNAT": the model keeps a protocol module only for its ports, so say so.
                _diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.EmptyProtocolModule, Location(extension.At.Column), extension.Name));
            }
            if (!extension.Implicit && extension.Values.Count == 0 && extension.Name is "comment" or "conntrack" or "state" or "mark" or "multiport" && !_diagnostics.Any(d => d.IsError))
            {
                // iptables refuses these modules without one of their options.
                Malformed(extension.At, $"-m {extension.Name} without options", $"iptables refuses it; give {RequiredOption(extension.Name)}");
            }
            switch (extension.Name)
            {
                case "statistic":
                    _matches[extension.Slot] = BuildStatistic(extension);
                    break;
                case "limit":
                    _matches[extension.Slot] = BuildLimit(extension);
                    break;
                case "recent":
                    _matches[extension.Slot] = BuildRecent(extension);
                    break;
                case "hashlimit":
                    _matches[extension.Slot] = BuildHashLimit(extension);
                    break;
                case "connlimit":
                    _matches[extension.Slot] = BuildConnectionLimit(extension);
                    break;
                case "owner":
                    _matches[extension.Slot] = BuildOwner(extension);
                    break;
                case "physdev":
                    _matches[extension.Slot] = BuildPhysdev(extension);
                    break;
            }
            return;
        }
        extension.Built = BuildTarget(extension);
    }

    private static string RequiredOption(string module) => module switch
    {
        "comment" => "--comment",
        "conntrack" => "--ctstate",
        "state" => "--state",
        "mark" => "--mark",
        _ => "--sports or --dports",
    };

    private Match? BuildStatistic(Extension e)
    {
        if (!e.Values.TryGetValue("--mode", out var mode))
        {
            Malformed(e.At, "-m statistic", "it needs --mode random or --mode nth");
            return null;
        }
        switch (mode.Value.Text)
        {
            case "random":
                foreach (string wrong in new[] { "--every", "--packet" })
                {
                    if (e.Values.TryGetValue(wrong, out var w))
                    {
                        Malformed(w.Option, wrong, "it belongs to --mode nth");
                    }
                }
                if (!e.Values.TryGetValue("--probability", out var probability))
                {
                    Malformed(mode.Option, "--mode random", "it needs --probability");
                    return null;
                }
                if (probability.Negated)
                {
                    return null;
                }
                if (!double.TryParse(probability.Value.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double p) || p > 1)
                {
                    Malformed(probability.Value, $"probability '{probability.Value.Text}'", "a probability is a decimal number from 0 to 1");
                    return null;
                }
                return new RandomMatch(p);
            case "nth":
                if (e.Values.TryGetValue("--probability", out var stray))
                {
                    Malformed(stray.Option, "--probability", "it belongs to --mode random");
                }
                if (!e.Values.TryGetValue("--every", out var every))
                {
                    Malformed(mode.Option, "--mode nth", "it needs --every");
                    return null;
                }
                if (every.Negated)
                {
                    return null;
                }
                if (!IptablesNames.TryParseDecimal(every.Value.Text, int.MaxValue, out int n))
                {
                    Malformed(every.Value, $"--every '{every.Value.Text}'", "it is a whole number");
                    return null;
                }
                int packet = 0;
                if (e.Values.TryGetValue("--packet", out var packetValue) && !IptablesNames.TryParseDecimal(packetValue.Value.Text, int.MaxValue, out packet))
                {
                    Malformed(packetValue.Value, $"--packet '{packetValue.Value.Text}'", "it is a whole number");
                    return null;
                }
                return new NthMatch(n, packet);
            default:
                Malformed(mode.Value, $"--mode '{mode.Value.Text}'", "the modes are random and nth");
                return null;
        }
    }

    private Match? BuildLimit(Extension e)
    {
        // iptables' defaults: 3/hour, burst 5.
        int rate = 3;
        var unit = RateUnit.Hour;
        int burst = LimitMatch.DefaultBurst;
        if (e.Values.TryGetValue("--limit", out var limit) && !TryParseRate(limit.Value, out rate, out unit))
        {
            return null;
        }
        if (e.Values.TryGetValue("--limit-burst", out var burstValue) && !IptablesNames.TryParseDecimal(burstValue.Value.Text, int.MaxValue, out burst))
        {
            Malformed(burstValue.Value, $"--limit-burst '{burstValue.Value.Text}'", "a burst is a whole number of packets");
            return null;
        }
        return new LimitMatch(rate, unit, burst);
    }

    /// <summary>RATE[/UNIT] as libxt_limit and libxt_hashlimit read it: a unit is any prefix of second, minute, hour, day.</summary>
    private bool TryParseRate(IptablesToken token, out int rate, out RateUnit unit)
    {
        string text = token.Text;
        int slash = text.IndexOf('/');
        string number = slash < 0 ? text : text.Substring(0, slash);
        unit = RateUnit.Second;
        rate = 0;
        if (slash >= 0)
        {
            string name = text.Substring(slash + 1).ToLowerInvariant();
            RateUnit? parsed = name.Length == 0 ? null
                : "second".StartsWith(name, StringComparison.Ordinal) ? RateUnit.Second
                : "minute".StartsWith(name, StringComparison.Ordinal) ? RateUnit.Minute
                : "hour".StartsWith(name, StringComparison.Ordinal) ? RateUnit.Hour
                : "day".StartsWith(name, StringComparison.Ordinal) ? RateUnit.Day
                : null;
            if (parsed is null)
            {
                Malformed(token, $"rate '{text}'", "the units are second, minute, hour and day (or a prefix: s, min, h, d)");
                return false;
            }
            unit = parsed.Value;
        }
        if (!IptablesNames.TryParseDecimal(number, int.MaxValue, out rate))
        {
            Malformed(token, $"rate '{text}'", "a rate is a whole number of packets, optionally /unit");
            return false;
        }
        return true;
    }

    /// <summary>
    /// libxt_hashlimit: one of --hashlimit-upto and --hashlimit-above with a rate in packets (a rate in bytes, such as
    /// 512kb/s, is refused), --hashlimit-name, burst 5 unless given, the --hashlimit-mode words, and the masks and
    /// expiry. Value ranges are the checker's to say, as for a policy.
    /// </summary>
    private Match? BuildHashLimit(Extension e)
    {
        bool upto = e.Values.TryGetValue("--hashlimit-upto", out var uptoOption);
        bool above = e.Values.TryGetValue("--hashlimit-above", out var aboveOption);
        if (upto && above)
        {
            var second = uptoOption.Option.Column > aboveOption.Option.Column ? uptoOption.Option : aboveOption.Option;
            Malformed(second, "--hashlimit-upto and --hashlimit-above", "-m hashlimit takes one of them");
            return null;
        }
        if (!upto && !above)
        {
            Malformed(e.At, "-m hashlimit", "it needs --hashlimit-upto or --hashlimit-above");
            return null;
        }
        if (!e.Values.TryGetValue("--hashlimit-name", out var nameOption))
        {
            Malformed(e.At, "-m hashlimit", "it needs --hashlimit-name");
            return null;
        }
        var rateToken = above ? aboveOption.Value : uptoOption.Value;
        string rateNumber = rateToken.Text.Split('/')[0];
        if (rateNumber.EndsWith("b", StringComparison.OrdinalIgnoreCase))
        {
            Unsupported(rateToken, $"rate '{rateToken.Text}'", "RuleLang's hashlimit match limits packets, not bytes");
            return null;
        }
        if (!TryParseRate(rateToken, out int rate, out var unit))
        {
            return null;
        }
        int burst = HashLimitMatch.DefaultBurst;
        if (e.Values.TryGetValue("--hashlimit-burst", out var burstOption) && !IptablesNames.TryParseDecimal(burstOption.Value.Text, int.MaxValue, out burst))
        {
            Malformed(burstOption.Value, $"--hashlimit-burst '{burstOption.Value.Text}'", "a burst is a whole number of packets");
            return null;
        }
        var keys = HashLimitKeys.None;
        if (e.Values.TryGetValue("--hashlimit-mode", out var modeOption))
        {
            foreach (string word in modeOption.Value.Text.Split(','))
            {
                var known = HashLimitKeyNames.All.Where(k => k.Name == word).Select(k => (HashLimitKeys?)k.Key).FirstOrDefault();
                if (known is null)
                {
                    Malformed(modeOption.Value, $"--hashlimit-mode '{modeOption.Value.Text}'", "the modes are srcip, srcport, dstip and dstport, separated by commas");
                    return null;
                }
                keys |= known.Value;
            }
        }
        int? sourcePrefix = null;
        int? destinationPrefix = null;
        int? expire = null;
        int maxPrefix = _family == IpFamily.IPv4 ? 32 : 128;
        foreach (var (option, what) in new[] { ("--hashlimit-srcmask", "a prefix length"), ("--hashlimit-dstmask", "a prefix length"), ("--hashlimit-htable-expire", "milliseconds") })
        {
            if (!e.Values.TryGetValue(option, out var value))
            {
                continue;
            }
            int max = option == "--hashlimit-htable-expire" ? int.MaxValue : maxPrefix;
            if (!IptablesNames.TryParseDecimal(value.Value.Text, max, out int parsed))
            {
                Malformed(value.Value, $"{option} '{value.Value.Text}'", $"it is {what}, 0 to {max}");
                return null;
            }
            // The family's full length is the default, which iptables-save leaves out: the model keeps it as none.
            int? prefix = parsed == maxPrefix ? null : parsed;
            if (option == "--hashlimit-srcmask")
            {
                sourcePrefix = prefix;
            }
            else if (option == "--hashlimit-dstmask")
            {
                destinationPrefix = prefix;
            }
            else
            {
                expire = parsed;
            }
        }
        return new HashLimitMatch(nameOption.Value.Text, rate, unit, above, burst, keys, sourcePrefix, destinationPrefix, expire);
    }

    /// <summary>
    /// libxt_connlimit: one of --connlimit-upto and --connlimit-above (! --connlimit-above is upto), a count of
    /// connections, the family's full --connlimit-mask by default (iptables-save prints it always), and the side the
    /// last of --connlimit-saddr and --connlimit-daddr names.
    /// </summary>
    private Match? BuildConnectionLimit(Extension e)
    {
        bool upto = e.Values.TryGetValue("--connlimit-upto", out var uptoOption);
        bool above = e.Values.TryGetValue("--connlimit-above", out var aboveOption);
        if (upto && above)
        {
            var second = uptoOption.Option.Column > aboveOption.Option.Column ? uptoOption.Option : aboveOption.Option;
            Malformed(second, "--connlimit-upto and --connlimit-above", "-m connlimit takes one of them");
            return null;
        }
        if (!upto && !above)
        {
            Malformed(e.At, "-m connlimit", "it needs --connlimit-upto or --connlimit-above");
            return null;
        }
        var count = above ? aboveOption.Value : uptoOption.Value;
        if (!IptablesNames.TryParseUInt32(count.Text, out uint parsed))
        {
            Malformed(count, $"connection count '{count.Text}'", "it is a whole number of connections");
            return null;
        }
        if (parsed > int.MaxValue)
        {
            Unsupported(count, $"connection count {count.Text}", $"RuleLang's connlimit match counts up to {int.MaxValue} connections");
            return null;
        }
        int maxPrefix = _family == IpFamily.IPv4 ? 32 : 128;
        int? prefix = null;
        if (e.Values.TryGetValue("--connlimit-mask", out var mask))
        {
            if (!IptablesNames.TryParseDecimal(mask.Value.Text, maxPrefix, out int length))
            {
                Malformed(mask.Value, $"--connlimit-mask '{mask.Value.Text}'", $"it is a prefix length, 0 to {maxPrefix}");
                return null;
            }
            // The family's full length is the default: the model keeps it as none, so the rule fits both families.
            prefix = length == maxPrefix ? null : length;
        }
        bool destination = e.Values.TryGetValue("--connlimit-daddr", out var daddr)
            && (!e.Values.TryGetValue("--connlimit-saddr", out var saddr) || daddr.Option.Column > saddr.Option.Column);
        return new ConnectionLimitMatch((int)parsed, above && !aboveOption.Negated, prefix, destination ? AddressSide.Destination : AddressSide.Source);
    }

    /// <summary>
    /// libxt_recent: one of --set, --rcheck, --update and --remove, the list "DEFAULT" when --name is not given, the
    /// family's full-length --mask (the default iptables-save prints), and the side the last of --rsource and --rdest
    /// names, as libxt_recent reads them. Which qualifiers a command takes is the checker's to say, as for a policy.
    /// </summary>
    /// <summary>
    /// -m owner: one match of all its options, as libxt_owner keeps them. Ids are numbers as iptables-save prints
    /// them (xtables_strtoui: decimal, 0x hexadecimal, 0 octal); a user or group name is refused (RL2131), since
    /// iptables would resolve it through the loading machine's own database.
    /// </summary>
    private Match? BuildOwner(Extension e)
    {
        if (e.Values.Count == 0)
        {
            Malformed(e.At, "-m owner without options", "iptables refuses it; give --uid-owner, --gid-owner or --socket-exists");
            return null;
        }
        bool ok = TryOwnerIds(e, "--uid-owner", "user", out var uid) & TryOwnerIds(e, "--gid-owner", "group", out var gid);
        bool? socket = e.Values.TryGetValue("--socket-exists", out var exists) ? !exists.Negated : null;
        return ok ? new OwnerMatch(uid, gid, socket) : null;
    }

    /// <summary>-m physdev: one match of all its options, as libxt_physdev keeps them; ports are interface names.</summary>
    private Match? BuildPhysdev(Extension e)
    {
        if (e.Values.Count == 0)
        {
            Malformed(e.At, "-m physdev without options", "iptables refuses it; give --physdev-in, --physdev-out, --physdev-is-in, --physdev-is-out or --physdev-is-bridged");
            return null;
        }
        BridgePort? Port(string option) => e.Values.TryGetValue(option, out var v) ? (BridgePort?)new BridgePort(v.Value.Text, v.Negated) : null;
        bool? Flag(string option) => e.Values.TryGetValue(option, out var v) ? !v.Negated : null;
        return new PhysdevMatch(Port("--physdev-in"), Port("--physdev-out"), Flag("--physdev-is-in"), Flag("--physdev-is-out"), Flag("--physdev-is-bridged"));
    }

    private bool TryOwnerIds(Extension e, string option, string kind, out OwnerIds? ids)
    {
        ids = null;
        if (!e.Values.TryGetValue(option, out var given))
        {
            return true;
        }
        string text = given.Value.Text;
        int dash = text.IndexOf('-', 1);
        string low = dash < 0 ? text : text.Substring(0, dash);
        string high = dash < 0 ? text : text.Substring(dash + 1);
        if (IptablesNames.TryParseUInt32(low, out uint from) && IptablesNames.TryParseUInt32(high, out uint to)
            && from <= OwnerIds.MaxId && to <= OwnerIds.MaxId)
        {
            ids = new OwnerIds(from, to, given.Negated);
            return true;
        }
        if (dash < 0 && text.Length > 0 && !char.IsAsciiDigit(text[0]))
        {
            Report(DiagnosticCatalog.OwnerIdByName, given.Value.Column, text, kind, kind == "user" ? "passwd" : "group",
                kind == "user" ? "id -u " + text : "getent group " + text);
            return false;
        }
        Malformed(given.Value, $"{option} '{text}'", $"an id is a number from 0 to {OwnerIds.MaxId}, or two joined by '-' for a range");
        return false;
    }

    private Match? BuildRecent(Extension e)
    {
        var commands = RecentCommands.Where(c => e.Values.ContainsKey(c.Option)).ToArray();
        if (commands.Length > 1)
        {
            var written = commands.Select(c => e.Values[c.Option].Option).OrderBy(o => o.Column).ToArray();
            Malformed(written[1], string.Join(" and ", written.Select(o => o.Text)), "-m recent takes one of --set, --rcheck, --update and --remove");
            return null;
        }
        if (commands.Length == 0)
        {
            Malformed(e.At, "-m recent", "it needs one of --set, --rcheck, --update and --remove");
            return null;
        }
        if (e.Values[commands[0].Option].Negated)
        {
            return null; // reported when the option was read
        }
        int? seconds = null;
        if (e.Values.TryGetValue("--seconds", out var secondsOption))
        {
            if (ReadRecentNumber(secondsOption.Value, "--seconds", "seconds") is not { } parsed)
            {
                return null;
            }
            seconds = parsed;
        }
        int? hitCount = null;
        if (e.Values.TryGetValue("--hitcount", out var hitCountOption))
        {
            if (ReadRecentNumber(hitCountOption.Value, "--hitcount", "packets") is not { } parsed)
            {
                return null;
            }
            // libxt_recent keeps 0 as "no hit count", and iptables-save then prints none.
            hitCount = parsed == 0 ? null : parsed;
        }
        if (e.Values.TryGetValue("--mask", out var mask) && !IsWholeAddressMask(mask.Value))
        {
            return null;
        }
        bool destination = e.Values.TryGetValue("--rdest", out var rdest)
            && (!e.Values.TryGetValue("--rsource", out var rsource) || rdest.Option.Column > rsource.Option.Column);
        string name = e.Values.TryGetValue("--name", out var nameOption) ? nameOption.Value.Text : "DEFAULT";
        return new RecentMatch(name, commands[0].Command, seconds, e.Values.ContainsKey("--reap"), hitCount,
            e.Values.ContainsKey("--rttl"), destination ? AddressSide.Destination : AddressSide.Source);
    }

    private static readonly (string Option, RecentCommand Command)[] RecentCommands =
    {
        ("--set", RecentCommand.Set), ("--rcheck", RecentCommand.Rcheck), ("--update", RecentCommand.Update), ("--remove", RecentCommand.Remove),
    };

    /// <summary>--seconds and --hitcount: libxt_recent reads a 32-bit number; the model keeps up to int.MaxValue.</summary>
    private int? ReadRecentNumber(IptablesToken token, string option, string unit)
    {
        if (!IptablesNames.TryParseUInt32(token.Text, out uint parsed))
        {
            Malformed(token, $"{option} '{token.Text}'", $"it is a whole number of {unit}");
            return null;
        }
        if (parsed > int.MaxValue)
        {
            Unsupported(token, $"{option} {token.Text}", $"RuleLang's recent match keeps up to {int.MaxValue} {unit}");
            return null;
        }
        return (int)parsed;
    }

    /// <summary>The model's recent lists hold whole addresses: only the family's all-ones mask, the default, fits.</summary>
    private bool IsWholeAddressMask(IptablesToken token)
    {
        if (!IpNetwork.TryParse(token.Text, out var mask, out string error) || !mask.IsHost || token.Text.IndexOf('/') >= 0)
        {
            Malformed(token, $"--mask '{token.Text}'", token.Text.IndexOf('/') >= 0 ? "a mask is an address, such as 255.255.255.0" : error);
            return false;
        }
        if (!CheckFamily(token, mask.Family, $"--mask '{token.Text}'"))
        {
            return false;
        }
        if (mask.GetAddressBytes().Any(b => b != 0xff))
        {
            Unsupported(token, $"--mask {token.Text}", "RuleLang's recent match keeps whole addresses (a mask of all ones, the default)");
            return false;
        }
        return true;
    }

    private Target? BuildTarget(Extension e)
    {
        var name = e.At;
        switch (e.Name)
        {
            case "":
                return new JumpTarget(name.Text, _targetIsGoto);
            case "ACCEPT":
                return VerdictTarget.Accept;
            case "DROP":
                return VerdictTarget.Drop;
            case "RETURN":
                return VerdictTarget.Return;
            case "NOTRACK":
                return NotrackTarget.NotrackAlias;
            case "CT":
                return BuildCt(e);
            case "REJECT":
                return BuildReject(e);
            case "LOG":
                return BuildLog(e);
            case "DNAT":
            case "SNAT":
                string option = e.Name == "DNAT" ? "--to-destination" : "--to-source";
                if (!e.Values.TryGetValue(option, out var to))
                {
                    Malformed(name, e.Name, $"it needs {option}");
                    return null;
                }
                if (!TryNatAddress(to.Value, out string address, out PortSpan? ports))
                {
                    return null;
                }
                return e.Name == "DNAT" ? new DnatTarget(address, ports) : new SnatTarget(address, ports);
            case "MASQUERADE":
                PortSpan? masqueradePorts = null;
                if (e.Values.TryGetValue("--to-ports", out var masq))
                {
                    if (!TryToPorts(masq.Value, out var span))
                    {
                        return null;
                    }
                    masqueradePorts = span;
                }
                return new MasqueradeTarget(masqueradePorts, e.Values.ContainsKey("--random-fully"));
            case "REDIRECT":
                if (!e.Values.TryGetValue("--to-ports", out var redirect))
                {
                    Report(DiagnosticCatalog.UnsupportedImportTarget, name.Column, "REDIRECT without --to-ports",
                        "it keeps each packet's own port, and RuleLang's REDIRECT always names the port; add --to-ports");
                    return null;
                }
                return TryToPorts(redirect.Value, out var redirectPorts) ? new RedirectTarget(redirectPorts) : null;
            case "MARK":
                return TryMarkOperation(e, "MARK", out uint value, out uint mask) ? new MarkTarget(value, mask) : null;
            case "CONNMARK":
                return BuildConnmark(e);
            case "DSCP":
                return BuildDscp(e);
            case "TCPMSS":
                return BuildTcpMss(e);
            default:
                return null;
        }
    }

    private Target? BuildReject(Extension e)
    {
        if (!e.Values.TryGetValue("--reject-with", out var with))
        {
            return new RejectTarget();
        }
        string text = with.Value.Text;
        RejectWith? parsed;
        if (_family == IpFamily.IPv4)
        {
            parsed = text switch
            {
                "icmp-port-unreachable" or "port-unreach" => RejectWith.PortUnreachable,
                "icmp-host-unreachable" or "host-unreach" => RejectWith.HostUnreachable,
                "icmp-net-unreachable" or "net-unreach" => RejectWith.NetUnreachable,
                "icmp-admin-prohibited" or "admin-prohib" => RejectWith.AdminProhibited,
                "tcp-reset" or "tcp-rst" => RejectWith.TcpReset,
                "icmp-proto-unreachable" or "proto-unreach" => RejectWith.ProtoUnreachable,
                "icmp-net-prohibited" or "net-prohib" => RejectWith.NetProhibited,
                "icmp-host-prohibited" or "host-prohib" => RejectWith.HostProhibited,
                _ => null,
            };
        }
        else
        {
            parsed = text switch
            {
                "icmp6-port-unreachable" or "port-unreach" => RejectWith.PortUnreachable,
                "icmp6-addr-unreachable" or "addr-unreach" => RejectWith.HostUnreachable,
                "icmp6-no-route" or "no-route" => RejectWith.NetUnreachable,
                "icmp6-adm-prohibited" or "adm-prohibited" => RejectWith.AdminProhibited,
                "tcp-reset" or "tcp-rst" => RejectWith.TcpReset,
                "icmp6-policy-fail" or "policy-fail" => RejectWith.PolicyFail,
                "icmp6-reject-route" or "reject-route" => RejectWith.RejectRoute,
                _ => null,
            };
        }
        if (parsed is not null)
        {
            return new RejectTarget(parsed.Value);
        }
        Malformed(with.Value, $"--reject-with '{text}'", $"it is not a reply {(_family == IpFamily.IPv4 ? "iptables" : "ip6tables")} knows");
        return null;
    }

    private Target? BuildLog(Extension e)
    {
        string? prefix = e.Values.TryGetValue("--log-prefix", out var p) ? p.Value.Text : null;
        int level = LogTarget.DefaultLevel;
        if (e.Values.TryGetValue("--log-level", out var l)
            && !IptablesNames.TryParseDecimal(l.Value.Text, int.MaxValue, out level)
            && !IptablesNames.LogLevels.TryGetValue(l.Value.Text, out level))
        {
            Malformed(l.Value, $"--log-level '{l.Value.Text}'", "a level is 0 to 7 or a name: emerg, alert, crit, error, warning, notice, info, debug");
            return null;
        }
        return new LogTarget(prefix, level) { Flags = LogOptionFlags(e) };
    }

    private static LogFlags LogOptionFlags(Extension e)
    {
        var flags = LogFlags.None;
        foreach (var (flag, option) in LogTarget.FlagOptions)
        {
            if (e.Values.ContainsKey(option))
            {
                flags |= flag;
            }
        }
        return flags;
    }

    private bool TryNatAddress(IptablesToken token, out string address, out PortSpan? ports)
    {
        string text = token.Text;
        address = "";
        ports = null;
        string? portText = null;
        if (text.StartsWith("[", StringComparison.Ordinal))
        {
            int close = text.IndexOf(']');
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                Malformed(token, $"'{text}'", "write an IPv6 address with a port as [address]:port");
                return false;
            }
            address = text.Substring(1, close - 1);
            portText = close + 1 < text.Length ? text.Substring(close + 2) : null;
        }
        else
        {
            int colons = text.Count(c => c == ':');
            if (colons == 1)
            {
                int cut = text.IndexOf(':');
                address = text.Substring(0, cut);
                portText = text.Substring(cut + 1);
            }
            else
            {
                address = text;
            }
        }
        if (address.Length == 0)
        {
            Unsupported(token, $"'{text}'", "RuleLang's NAT targets rewrite to an address; give one");
            return false;
        }
        if (address.IndexOf('-') >= 0)
        {
            Unsupported(token, $"address range '{address}'", "RuleLang's NAT targets rewrite to one address");
            return false;
        }
        if (!IpNetwork.TryParse(address, out var host, out string error) || address.IndexOf('/') >= 0)
        {
            Malformed(token, $"address '{address}'", address.IndexOf('/') >= 0 ? "a NAT address has no prefix length" : error);
            return false;
        }
        if (!CheckFamily(token, host.Family, $"address '{address}'"))
        {
            return false;
        }
        if (portText is not null)
        {
            if (!TryPortSpan(token, '-', out var span, portText))
            {
                return false;
            }
            ports = span;
        }
        return true;
    }

    private bool TryMarkOperation(Extension e, string target, out uint value, out uint mask)
    {
        value = 0;
        mask = 0xffffffff;
        var operations = new[] { "--set-mark", "--set-xmark", "--and-mark", "--or-mark", "--xor-mark" }.Where(e.Values.ContainsKey).ToArray();
        if (operations.Length == 0)
        {
            Malformed(e.At, target, "it needs --set-mark, --set-xmark, --and-mark, --or-mark or --xor-mark");
            return false;
        }
        if (operations.Length > 1)
        {
            Malformed(e.Values[operations[1]].Option, $"{operations[0]} and {operations[1]}", $"{target} takes one of them");
            return false;
        }
        var (_, token, _) = e.Values[operations[0]];
        if (!TryValueMask(token, out uint v, out uint m))
        {
            return false;
        }
        bool hasMask = token.Text.IndexOf('/') >= 0;
        if (hasMask && operations[0] is "--and-mark" or "--or-mark" or "--xor-mark")
        {
            Malformed(token, $"{operations[0]} {token.Text}", "it takes a value without a mask");
            return false;
        }
        // libxt_MARK / libxt_CONNMARK: every operation is mark = (mark & ~mask) ^ value.
        (value, mask) = operations[0] switch
        {
            "--set-xmark" => (v, m),
            "--set-mark" => (v, m | v),
            "--and-mark" => (0u, ~v),
            "--or-mark" => (v, v),
            _ => (v, 0u),
        };
        return true;
    }

    private Target? BuildConnmark(Extension e)
    {
        bool save = e.Values.ContainsKey("--save-mark");
        bool restore = e.Values.ContainsKey("--restore-mark");
        if (save || restore)
        {
            if (save && restore)
            {
                Malformed(e.Values["--restore-mark"].Option, "--save-mark and --restore-mark", "CONNMARK takes one of them");
                return null;
            }
            foreach (string maskOption in new[] { "--nfmask", "--ctmask", "--mask" })
            {
                if (e.Values.TryGetValue(maskOption, out var given))
                {
                    if (!IptablesNames.TryParseUInt32(given.Value.Text, out uint maskValue))
                    {
                        Malformed(given.Value, $"{maskOption} '{given.Value.Text}'", "a mask is a 32-bit number");
                        return null;
                    }
                    if (maskValue != 0xffffffff)
                    {
                        Unsupported(given.Option, $"{maskOption} {given.Value.Text}", "RuleLang's CONNMARK copies the whole mark (masks 0xffffffff)");
                        return null;
                    }
                }
            }
            return new ConnmarkTarget(save ? ConnmarkMode.Save : ConnmarkMode.Restore);
        }
        foreach (string maskOption in new[] { "--nfmask", "--ctmask", "--mask" })
        {
            if (e.Values.TryGetValue(maskOption, out var stray))
            {
                Malformed(stray.Option, maskOption, "it belongs to --save-mark and --restore-mark");
                return null;
            }
        }
        return TryMarkOperation(e, "CONNMARK", out uint value, out uint mask) ? new ConnmarkTarget(ConnmarkMode.Set, value, mask) : null;
    }

    /// <summary>
    /// CT: --notrack alone, or a template of a helper and a zone. The kernel takes a zone from 0 to 65535 and
    /// iptables-save prints --zone-orig and --zone-reply of one value as --zone, so a dump holds either.
    /// </summary>
    private Target? BuildCt(Extension e)
    {
        bool hasHelper = e.Values.TryGetValue("--helper", out var helper);
        var zones = new[] { ("--zone", ConntrackZoneDirection.Both), ("--zone-orig", ConntrackZoneDirection.Original), ("--zone-reply", ConntrackZoneDirection.Reply) }
            .Where(z => e.Values.ContainsKey(z.Item1)).ToArray();
        if (e.Values.TryGetValue("--notrack", out var notrack))
        {
            if (hasHelper || zones.Length > 0)
            {
                Unsupported(notrack.Option, "--notrack with --helper or --zone", "an untracked packet has no connection for a helper or a zone; RuleLang's notrack takes no other option");
                return null;
            }
            return NotrackTarget.Instance;
        }
        if (_diagnostics.Any(d => d.IsError))
        {
            return null; // an unsupported CT option was reported already
        }
        if (!hasHelper && zones.Length == 0)
        {
            Report(DiagnosticCatalog.UnsupportedImportTarget, e.At.Column, "CT without --notrack, --helper or --zone", "it sets nothing RuleLang can hold");
            return null;
        }
        if (zones.Length > 1)
        {
            var second = e.Values[zones[1].Item1].Option;
            Unsupported(second, string.Join(" and ", zones.Select(z => z.Item1)), "write one zone option: --zone for both directions");
            return null;
        }
        int? zone = null;
        var direction = ConntrackZoneDirection.Both;
        if (zones.Length == 1)
        {
            var value = e.Values[zones[0].Item1].Value;
            if (!IptablesNames.TryParseUInt32(value.Text, out uint parsed) || parsed > CtTarget.MaxZone)
            {
                Malformed(value, $"{zones[0].Item1} '{value.Text}'", $"a zone is a number from 0 to {CtTarget.MaxZone}");
                return null;
            }
            zone = (int)parsed;
            direction = zones[0].Item2;
        }
        return new CtTarget(hasHelper ? helper.Value.Text : null, zone, direction);
    }

    private Target? BuildDscp(Extension e)
    {
        bool hasValue = e.Values.TryGetValue("--set-dscp", out var byValue);
        bool hasClass = e.Values.TryGetValue("--set-dscp-class", out var byClass);
        if (hasValue == hasClass)
        {
            Malformed(hasClass ? byClass.Option : e.At, "DSCP", "it takes one of --set-dscp and --set-dscp-class");
            return null;
        }
        if (hasValue)
        {
            if (!IptablesNames.TryParseUInt32(byValue.Value.Text, out uint dscp) || dscp > 255)
            {
                Malformed(byValue.Value, $"--set-dscp '{byValue.Value.Text}'", "a DSCP value is a number from 0 to 63");
                return null;
            }
            return new DscpTarget((int)dscp);
        }
        if (!DscpClasses.ByName.TryGetValue(byClass.Value.Text, out int classValue))
        {
            Malformed(byClass.Value, $"DSCP class '{byClass.Value.Text}'", "the classes are CS0 to CS7, AF11 to AF43, EF and BE");
            return null;
        }
        return new DscpTarget(classValue);
    }

    private Target? BuildTcpMss(Extension e)
    {
        bool hasValue = e.Values.TryGetValue("--set-mss", out var set);
        bool clamps = e.Values.TryGetValue("--clamp-mss-to-pmtu", out var clamp);
        if (hasValue == clamps)
        {
            // iptables takes both and keeps whichever came last; a dump never holds both, so ask which was meant.
            Malformed(clamps ? clamp.Option : e.At, "TCPMSS", "it takes one of --set-mss and --clamp-mss-to-pmtu");
            return null;
        }
        if (clamps)
        {
            return new TcpMssTarget();
        }
        if (!IptablesNames.TryParseDecimal(set.Value.Text, TcpMssTarget.MaxIpv4Mss, out int mss))
        {
            Malformed(set.Value, $"--set-mss '{set.Value.Text}'", $"an MSS is a number from 0 to {TcpMssTarget.MaxIpv4Mss} ({TcpMssTarget.MaxIpv6Mss} for IPv6)");
            return null;
        }
        return new TcpMssTarget(mss);
    }

    // ---------------------------------------------------------------- diagnostics

    private SourceLocation Location(int column) => new(_at.File, _at.Line, Math.Max(1, _at.Column) - 1 + column);

    private void Report(DiagnosticDescriptor descriptor, int column, params object[] args) =>
        _diagnostics.Add(PolicyDiagnostic.Create(descriptor, Location(column), args));

    private void Unsupported(IptablesToken token, string what, string why) =>
        Report(DiagnosticCatalog.UnsupportedImportOption, token.Column, what, why);

    private void Malformed(IptablesToken token, string what, string why) =>
        Report(DiagnosticCatalog.MalformedImportValue, token.Column, what, why);
}
