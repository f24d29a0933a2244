using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Sets;
using RuleLang.Model.Values;

namespace RuleLang.SourceWriters;

/// <summary>
/// Named sets in .rl: <c>set NAME TYPE [timeout N] { … }</c> and <c>external set NAME TYPE</c> after the policy
/// line, and a rule's test as <c>saddr @NAME</c> (<c>sport @NAME</c> for a port set). A set of more than one value
/// per element (an imported src,dst test) has no .rl form and is reported (RL3301).
/// </summary>
internal static class RlSetWriter
{
    public static void Declare(StringBuilder text, IReadOnlyList<NamedSet> sets, List<PolicyDiagnostic> diagnostics)
    {
        if (sets.Count > 0)
        {
            text.Append('\n');
        }
        foreach (var set in sets)
        {
            // An element is written as a bare token, so only one that reads back as an element of its kind is written.
            string? problem = set.Dimension != 1 ? $"its elements have {set.Dimension} values, and .rl sets one"
                : !RlSyntax.IsName(set.Name) ? "its name is not a .rl name"
                : set.Elements.FirstOrDefault(e => !IsElement(set.Type, e)) is { } bad ? $"'{bad}' is not {SetElements.Describe(set.Type)}"
                : null;
            if (problem != null)
            {
                diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.NotWritableAsSource, set.Location, $"set '{set.Name}'", ".rl", problem));
                text.Append("# not written: set ").Append(CommentText.Clean(set.Name)).Append('\n');
                continue;
            }
            text.Append(set.External ? "external set " : "set ").Append(set.Name).Append(' ').Append(TypeName(set.Type));
            if (set.Timeout is { } timeout)
            {
                text.Append(" timeout ").Append(RlSyntax.Number(timeout));
            }
            if (!set.External && set.Elements.Count > 0)
            {
                text.Append(" { ").Append(string.Join(", ", set.Elements)).Append(" }");
            }
            text.Append('\n');
        }
    }

    public static string? Test(SetMatch set, ref string? problem)
    {
        if (set.Directions.Count != 1)
        {
            return RlRuleWriter.Fail(ref problem, $"a .rl rule tests a set one direction at a time, not {set.DirectionText}");
        }
        if (!RlSyntax.IsName(set.Name))
        {
            return RlRuleWriter.Fail(ref problem, $"set name '{set.Name}' is not a .rl name");
        }
        // A port set has no family; an address set always has one.
        string keyword = set.SetFamily is null
            ? (set.Side == AddressSide.Source ? "sport " : "dport ")
            : (set.Side == AddressSide.Source ? "saddr " : "daddr ");
        return keyword + (set.Negated ? "!= " : "") + "@" + set.Name;
    }

    private static bool IsElement(SetType type, string element) =>
        type == SetType.Port ? SetElements.TryPorts(type, element, out _) : SetElements.TryNetwork(type, element, out _);

    public static string TypeName(SetType type) => type switch
    {
        SetType.Ipv4Address => "ipv4_addr",
        SetType.Ipv6Address => "ipv6_addr",
        SetType.Ipv4Network => "ipv4_net",
        SetType.Ipv6Network => "ipv6_net",
        _ => "port",
    };
}
