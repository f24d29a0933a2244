using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;

namespace RuleLang.Model;

/// <summary>One line of a chain: matches, in the order they are tested, and a target.</summary>
public sealed record Rule(IReadOnlyList<Match> Matches, Target Target, SourceLocation Location)
{
    public Protocol Protocol => Matches.OfType<ProtocolMatch>().FirstOrDefault(p => !p.Negated)?.Protocol ?? Protocol.All;

    /// <summary>A rule with no conditions matches every packet that reaches it.</summary>
    public bool IsUnconditional => Matches.All(m => m is CommentMatch);
}
