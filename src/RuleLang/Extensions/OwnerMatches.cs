using RuleLang.Model.Matches;
using RuleLang.Model.Values;

namespace RuleLang;

/// <summary>
/// <c>-m owner</c>: the uid, gid or mere existence of the local socket that sent the packet. An extension method
/// because the hook constraint cannot be put on a member of the rule class: only OUTPUT and POSTROUTING rules (and
/// user chains, which the checker follows) have it, as only there does the kernel take the match.
/// </summary>
public static class OwnerMatches
{
    /// <summary>
    /// <c>-m owner [--socket-exists] [--uid-owner …] [--gid-owner …]</c>, one match as iptables keeps it. Ids are
    /// numbers (<c>uid: 1000</c>, <c>OwnerIds.Between(1000, 1999)</c>, <c>OwnerIds.Not(0)</c>); a packet without
    /// a socket matches only when every test given is negated (<c>socketExists: false</c> is <c>! --socket-exists</c>).
    /// </summary>
    public static TSelf Owner<TTable, THook, TSelf>(this RuleBuilder<TTable, THook, TSelf> rule,
        OwnerIds? uid = null, OwnerIds? gid = null, bool? socketExists = null)
        where TTable : ITable
        where THook : ILocalSocketHook
        where TSelf : RuleBuilder<TTable, THook, TSelf> =>
        rule.With(new OwnerMatch(uid, gid, socketExists));
}
