namespace RuleLang.Analysis.Trace;

/// <summary>How the packet leaves netfilter.</summary>
public enum TraceVerdict
{
    /// <summary>Every hook let it through: delivered to a local socket, forwarded, or sent.</summary>
    Accepted,

    Dropped,

    /// <summary>Dropped with an answer (REJECT).</summary>
    Rejected,
}
