namespace RuleLang.Model.Assertions;

/// <summary>What an assertion says happens to every packet of its space.</summary>
public enum AssertionKind
{
    /// <summary>Dropped or rejected.</summary>
    Dropped,

    /// <summary>Accepted: delivered to the host or forwarded.</summary>
    Accepted,

    /// <summary>Those let through reach one of the listed endpoints, after any DNAT.</summary>
    ReachesOnly,

    /// <summary>None let through reaches the port, after any DNAT.</summary>
    NeverReaches,
}
