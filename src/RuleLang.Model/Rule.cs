using System.Collections.Generic;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;

namespace RuleLang.Model;

/// <summary>One line of a chain: matches, in the order they are tested, and a target.</summary>
public sealed record Rule(IReadOnlyList<Match> Matches, Target Target, SourceLocation Location)
{
    /// <summary>
    /// The address family this rule belongs to when its matches and target do not say: lowering sets it on the
    /// family-neutral rules it makes for one family (kube-proxy programs IPv4 and IPv6 apart, under the same chain
    /// names). Null for a rule written by hand.
    /// </summary>
    public IpFamily? Family { get; init; }

    /// <summary>The protocol the rule is limited to (-p, not negated), or All.</summary>
    public Protocol Protocol
    {
        get
        {
            foreach (var match in Matches)
            {
                if (match is ProtocolMatch { Negated: false } protocol)
                {
                    return protocol.Protocol;
                }
            }
            return Protocol.All;
        }
    }

    /// <summary>A rule with no conditions matches every packet that reaches it.</summary>
    public bool IsUnconditional
    {
        get
        {
            foreach (var match in Matches)
            {
                if (match is not CommentMatch)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
