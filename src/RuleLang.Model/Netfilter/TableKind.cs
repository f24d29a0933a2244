namespace RuleLang.Model.Netfilter;

/// <summary>The iptables tables, in the order their hooks run at equal hook (raw first).</summary>
public enum TableKind
{
    Raw,
    Mangle,
    Nat,
    Filter,
    Security,
}
