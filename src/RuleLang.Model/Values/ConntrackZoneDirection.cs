namespace RuleLang.Model.Values;

/// <summary>Which of a connection's tuples a CT zone applies to: both (--zone), the original (--zone-orig) or the reply (--zone-reply).</summary>
public enum ConntrackZoneDirection
{
    Both,
    Original,
    Reply,
}
