using System.Runtime.CompilerServices;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang;

/// <summary>Targets the kernel allows in the raw table only: it runs before connection tracking.</summary>
public static class RawTargets
{
    /// <summary><c>CT --notrack</c>: exempt the packet from connection tracking.</summary>
    public static void Notrack<THook>(
        this RuleBuilder<Raw, THook> rule,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IHook =>
        rule.Append(NotrackTarget.Instance, file, line);

    /// <summary>
    /// <c>CT --helper NAME</c>: the connection this packet starts is followed by a conntrack helper (ftp, tftp,
    /// sip, …), which expects its data connections as RELATED. The rule must match the helper's protocol.
    /// </summary>
    public static void Helper<THook>(
        this RuleBuilder<Raw, THook> rule,
        string helper,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IHook =>
        rule.Append(new CtTarget(helper), file, line);

    /// <summary><c>CT --zone N</c> (or <c>--zone-orig</c>, <c>--zone-reply</c>): the conntrack zone, 1 to 65535, that keeps equal tuples apart.</summary>
    public static void Zone<THook>(
        this RuleBuilder<Raw, THook> rule,
        int zone,
        ConntrackZoneDirection direction = ConntrackZoneDirection.Both,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IHook =>
        rule.Append(new CtTarget(Zone: zone, ZoneDirection: direction), file, line);

    /// <summary><c>CT --helper NAME --zone N</c>: a helper and a zone for the connection, in one template.</summary>
    public static void Ct<THook>(
        this RuleBuilder<Raw, THook> rule,
        string helper,
        int zone,
        ConntrackZoneDirection direction = ConntrackZoneDirection.Both,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        where THook : IHook =>
        rule.Append(new CtTarget(helper, zone, direction), file, line);
}
