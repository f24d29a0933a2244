using System;
using System.Collections.Generic;

namespace RuleLang.SourceWriters;

/// <summary>What a writer says besides the policy: where it came from, and the lines that could not be brought over.</summary>
public sealed record SourceWriterOptions
{
    /// <summary>One line for the header comment, such as "imported from node.rules by rulelang import".</summary>
    public string Origin { get; init; } = "";

    /// <summary>Input lines that are not in the policy; each is written as a comment where it stood.</summary>
    public IReadOnlyList<UnwrittenLine> Unwritten { get; init; } = Array.Empty<UnwrittenLine>();
}
