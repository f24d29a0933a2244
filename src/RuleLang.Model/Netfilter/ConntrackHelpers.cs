using System;
using System.Collections.Generic;
using System.Linq;

namespace RuleLang.Model.Netfilter;

/// <summary>
/// The helpers of the nf_conntrack_* modules, by the names CT --helper takes (case matters: RAS and Q.931 are
/// H.323's). Each was loaded in a network namespace with iptables-restore and ip6tables-restore, with -p tcp and
/// -p udp: the kernel refuses a helper under another protocol, and ip6tables refuses irc, pptp, snmp, snmp_trap
/// and netbios-ns (ConntrackHelperKernelTests).
/// </summary>
public static class ConntrackHelpers
{
    public static IReadOnlyList<ConntrackHelper> All { get; } = new[]
    {
        new ConntrackHelper("amanda", new[] { Protocol.Udp }, false),
        new ConntrackHelper("ftp", new[] { Protocol.Tcp }, false),
        new ConntrackHelper("irc", new[] { Protocol.Tcp }, true),
        new ConntrackHelper("netbios-ns", new[] { Protocol.Udp }, true),
        new ConntrackHelper("pptp", new[] { Protocol.Tcp }, true),
        new ConntrackHelper("Q.931", new[] { Protocol.Tcp }, false),
        new ConntrackHelper("RAS", new[] { Protocol.Udp }, false),
        new ConntrackHelper("sane", new[] { Protocol.Tcp }, false),
        new ConntrackHelper("sip", new[] { Protocol.Tcp, Protocol.Udp }, false),
        new ConntrackHelper("snmp", new[] { Protocol.Udp }, true),
        new ConntrackHelper("snmp_trap", new[] { Protocol.Udp }, true),
        new ConntrackHelper("tftp", new[] { Protocol.Udp }, false),
    };

    /// <summary>The helper of that exact name, or null.</summary>
    public static ConntrackHelper? Find(string? name) =>
        name is null ? null : All.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.Ordinal));

    /// <summary>The names, for a message: "amanda, ftp, …".</summary>
    public static string Names => string.Join(", ", All.Select(h => h.Name));
}
