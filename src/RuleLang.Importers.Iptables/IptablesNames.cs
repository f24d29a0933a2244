using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RuleLang.Importers.Iptables;

/// <summary>
/// The symbolic names iptables' extensions accept for values (from iptables 1.8's libxt_* and libipt_* sources),
/// and its number syntax. Lookups are case-insensitive, as the extensions compare with strcasecmp. The ICMP and
/// DSCP names live in the model (IcmpNames, DscpClasses), shared with the .rl parser.
/// </summary>
internal static class IptablesNames
{
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
