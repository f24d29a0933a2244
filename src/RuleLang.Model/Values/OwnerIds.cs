namespace RuleLang.Model.Values;

/// <summary>
/// One id test of <c>-m owner</c> (<c>--uid-owner</c> or <c>--gid-owner</c>): an inclusive range of numeric ids,
/// which the kernel compares against the sending socket's file credentials. Only numbers: iptables resolves a user
/// or group name through the machine's own passwd/group database when the rule loads, and iptables-save prints the
/// number, so a model holding names would mean different rules on different machines.
/// </summary>
public readonly record struct OwnerIds(uint Low, uint High, bool Negated = false)
{
    /// <summary>
    /// The largest id iptables takes: (uid_t)-1 is the kernel's "no id" (INVALID_UID), which libxt_owner refuses.
    /// </summary>
    public const uint MaxId = uint.MaxValue - 1;

    /// <summary>One id.</summary>
    public static OwnerIds Is(uint id) => new(id, id);

    /// <summary>Every id from low to high, both included.</summary>
    public static OwnerIds Between(uint low, uint high) => new(low, high);

    /// <summary>Every id but this one (and, as iptables' negation does, every packet without a socket).</summary>
    public static OwnerIds Not(uint id) => new(id, id, true);

    /// <summary>One id, as <c>uid: 1000</c> reads.</summary>
    public static implicit operator OwnerIds(uint id) => Is(id);

    /// <summary>Every id but those in the range.</summary>
    public OwnerIds Inverted() => this with { Negated = !Negated };

    /// <summary>True when low comes after high: the kernel refuses such a range.</summary>
    public bool IsReversed => Low > High;

    /// <summary>As iptables-save prints it: <c>N</c> for one id, <c>N-M</c> for a range.</summary>
    public override string ToString() => Low == High ? Low.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Low.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + High.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
