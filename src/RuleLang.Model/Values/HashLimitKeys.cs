using System;

namespace RuleLang.Model.Values;

/// <summary>-m hashlimit --hashlimit-mode: the packet fields that pick a flow's bucket (none: one bucket for all).</summary>
[Flags]
public enum HashLimitKeys
{
    None = 0,

    /// <summary>srcip.</summary>
    SourceAddress = 1,

    /// <summary>srcport.</summary>
    SourcePort = 2,

    /// <summary>dstip.</summary>
    DestinationAddress = 4,

    /// <summary>dstport.</summary>
    DestinationPort = 8,
}
