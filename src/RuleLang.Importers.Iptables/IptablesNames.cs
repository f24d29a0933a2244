using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RuleLang.Importers.Iptables;

/// <summary>
/// The symbolic names iptables' extensions accept for values (from iptables 1.8's libxt_* and libipt_* sources),
/// and its number syntax. Lookups are case-insensitive, as the extensions compare with strcasecmp.
/// </summary>
internal static class IptablesNames
{
    /// <summary>libipt_icmp's names: type alone (every code) or type and code.</summary>
    public static readonly IReadOnlyList<(string Name, int Type, int? Code)> IcmpTypes = new (string, int, int?)[]
    {
        ("echo-reply", 0, null), ("pong", 0, null),
        ("destination-unreachable", 3, null), ("network-unreachable", 3, 0), ("host-unreachable", 3, 1),
        ("protocol-unreachable", 3, 2), ("port-unreachable", 3, 3), ("fragmentation-needed", 3, 4),
        ("source-route-failed", 3, 5), ("network-unknown", 3, 6), ("host-unknown", 3, 7),
        ("network-prohibited", 3, 9), ("host-prohibited", 3, 10), ("TOS-network-unreachable", 3, 11),
        ("TOS-host-unreachable", 3, 12), ("communication-prohibited", 3, 13), ("host-precedence-violation", 3, 14),
        ("precedence-cutoff", 3, 15), ("source-quench", 4, null), ("redirect", 5, null), ("network-redirect", 5, 0),
        ("host-redirect", 5, 1), ("TOS-network-redirect", 5, 2), ("TOS-host-redirect", 5, 3),
        ("echo-request", 8, null), ("ping", 8, null), ("router-advertisement", 9, null), ("router-solicitation", 10, null),
        ("time-exceeded", 11, null), ("ttl-exceeded", 11, null), ("ttl-zero-during-transit", 11, 0),
        ("ttl-zero-during-reassembly", 11, 1), ("parameter-problem", 12, null), ("ip-header-bad", 12, 0),
        ("required-option-missing", 12, 1), ("timestamp-request", 13, null), ("timestamp-reply", 14, null),
        ("address-mask-request", 17, null), ("address-mask-reply", 18, null),
    };

    /// <summary>libip6t_icmp6's names.</summary>
    public static readonly IReadOnlyList<(string Name, int Type, int? Code)> Icmpv6Types = new (string, int, int?)[]
    {
        ("destination-unreachable", 1, null), ("no-route", 1, 0), ("communication-prohibited", 1, 1),
        ("beyond-scope", 1, 2), ("address-unreachable", 1, 3), ("port-unreachable", 1, 4), ("failed-policy", 1, 5),
        ("reject-route", 1, 6), ("packet-too-big", 2, null), ("time-exceeded", 3, null), ("ttl-exceeded", 3, null),
        ("ttl-zero-during-transit", 3, 0), ("ttl-zero-during-reassembly", 3, 1), ("parameter-problem", 4, null),
        ("bad-header", 4, 0), ("unknown-header-type", 4, 1), ("unknown-option", 4, 2),
        ("echo-request", 128, null), ("ping", 128, null), ("echo-reply", 129, null), ("pong", 129, null),
        ("mld-listener-query", 130, null), ("mld-listener-report", 131, null), ("mld-listener-done", 132, null),
        ("mld-listener-reduction", 132, null), ("router-solicitation", 133, null), ("router-advertisement", 134, null),
        ("neighbour-solicitation", 135, null), ("neighbor-solicitation", 135, null),
        ("neighbour-advertisement", 136, null), ("neighbor-advertisement", 136, null), ("redirect", 137, null),
    };

    /// <summary>
    /// Well-known service names (IANA, as in /etc/services) for ports. iptables asks the system's services
    /// database; an importer must not depend on the machine it runs on, so this fixed list stands for it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> Services = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["ftp-data"] = 20, ["ftp"] = 21, ["ssh"] = 22, ["telnet"] = 23, ["smtp"] = 25, ["domain"] = 53,
        ["bootps"] = 67, ["bootpc"] = 68, ["tftp"] = 69, ["http"] = 80, ["www"] = 80, ["kerberos"] = 88,
        ["pop3"] = 110, ["sunrpc"] = 111, ["ntp"] = 123, ["netbios-ns"] = 137, ["netbios-dgm"] = 138,
        ["netbios-ssn"] = 139, ["imap2"] = 143, ["imap"] = 143, ["snmp"] = 161, ["snmp-trap"] = 162, ["bgp"] = 179,
        ["ldap"] = 389, ["https"] = 443, ["microsoft-ds"] = 445, ["isakmp"] = 500, ["syslog"] = 514,
        ["submission"] = 587, ["ldaps"] = 636, ["rsync"] = 873, ["imaps"] = 993, ["pop3s"] = 995,
        ["openvpn"] = 1194, ["ms-sql-s"] = 1433, ["radius"] = 1812, ["nfs"] = 2049, ["mysql"] = 3306,
        ["sip"] = 5060, ["postgresql"] = 5432, ["http-alt"] = 8080,
    };

    /// <summary>libxt_dscp_helper's class names.</summary>
    public static readonly IReadOnlyDictionary<string, int> DscpClasses = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["CS0"] = 0x00, ["CS1"] = 0x08, ["CS2"] = 0x10, ["CS3"] = 0x18, ["CS4"] = 0x20, ["CS5"] = 0x28, ["CS6"] = 0x30,
        ["CS7"] = 0x38, ["BE"] = 0x00, ["AF11"] = 0x0a, ["AF12"] = 0x0c, ["AF13"] = 0x0e, ["AF21"] = 0x12,
        ["AF22"] = 0x14, ["AF23"] = 0x16, ["AF31"] = 0x1a, ["AF32"] = 0x1c, ["AF33"] = 0x1e, ["AF41"] = 0x22,
        ["AF42"] = 0x24, ["AF43"] = 0x26, ["EF"] = 0x2e,
    };

    /// <summary>libxt_LOG's level names.</summary>
    public static readonly IReadOnlyDictionary<string, int> LogLevels = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["emerg"] = 0, ["panic"] = 0, ["alert"] = 1, ["crit"] = 2, ["error"] = 3, ["warning"] = 4, ["notice"] = 5,
        ["info"] = 6, ["debug"] = 7,
    };

    /// <summary>
    /// The ICMP name nearest to what libipt_icmp accepts: an exact name, or a prefix of exactly one name
    /// (it compares the first strlen(arg) characters).
    /// </summary>
    public static bool TryIcmpName(IReadOnlyList<(string Name, int Type, int? Code)> table, string text, out int type, out int? code, out string? ambiguity)
    {
        type = 0;
        code = null;
        ambiguity = null;
        foreach (var entry in table)
        {
            if (string.Equals(entry.Name, text, StringComparison.OrdinalIgnoreCase))
            {
                (type, code) = (entry.Type, entry.Code);
                return true;
            }
        }
        var candidates = table.Where(e => e.Name.StartsWith(text, StringComparison.OrdinalIgnoreCase)).ToArray();
        var distinct = candidates.Select(e => (e.Type, e.Code)).Distinct().ToArray();
        if (distinct.Length == 1 && text.Length > 0)
        {
            (type, code) = distinct[0];
            return true;
        }
        if (distinct.Length > 1)
        {
            ambiguity = string.Join(", ", candidates.Select(e => e.Name));
        }
        return false;
    }

    /// <summary>strtoul with base 0, as xtables_strtoui: 0x… hexadecimal, a leading 0 octal, otherwise decimal.</summary>
    public static bool TryParseUInt32(string text, out uint value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            string digits = text.Substring(2);
            return digits.Length > 0 && digits.All(Uri.IsHexDigit)
                && uint.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        if (!text.All(c => c >= '0' && c <= '9'))
        {
            return false;
        }
        if (text.Length > 1 && text[0] == '0')
        {
            ulong octal = 0;
            foreach (char c in text.Substring(1))
            {
                if (c > '7')
                {
                    return false;
                }
                octal = (octal * 8) + (ulong)(c - '0');
                if (octal > uint.MaxValue)
                {
                    return false;
                }
            }
            value = (uint)octal;
            return true;
        }
        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A decimal number without sign, as iptables' integer options take.</summary>
    public static bool TryParseDecimal(string text, int max, out int value)
    {
        value = 0;
        return text.Length > 0 && text.All(c => c >= '0' && c <= '9')
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;
    }
}
