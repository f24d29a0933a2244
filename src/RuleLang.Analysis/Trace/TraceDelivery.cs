namespace RuleLang.Analysis.Trace;

/// <summary>Where the routing decision sent the packet.</summary>
public enum TraceDelivery
{
    /// <summary>To a local socket (INPUT).</summary>
    Local,

    /// <summary>Through the host to another (FORWARD, POSTROUTING).</summary>
    Forwarded,

    /// <summary>Sent by the host to another (OUTPUT, POSTROUTING).</summary>
    Sent,

    /// <summary>Not decided: the packet ended before the routing decision.</summary>
    None,
}
