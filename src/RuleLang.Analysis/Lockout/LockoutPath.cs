namespace RuleLang.Analysis.Lockout;

/// <summary>Which packets of a kept connection the proof found refused.</summary>
public enum LockoutPath
{
    /// <summary>The client's packets of the established connection, arriving (PREROUTING, INPUT).</summary>
    Arriving,

    /// <summary>This host's replies on the established connection, leaving (OUTPUT, POSTROUTING).</summary>
    Replies,

    /// <summary>The first packet of a new connection of the same kind (a fresh login from the same client).</summary>
    NewConnection,
}
