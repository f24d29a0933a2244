using RuleLang.Model.Matches;
using RuleLang.Model.Values;

namespace RuleLang;

/// <summary>
/// <c>-i</c> and <c>-o</c>. Extension methods because the hook constraint cannot be put on a member of the rule
/// class; the hook is inferred from the receiver, so a rule at a hook without that interface has no such method.
/// </summary>
public static class InterfaceMatches
{
    /// <summary><c>-i name</c>; a trailing '+' matches every interface with that prefix.</summary>
    public static TSelf InInterface<TTable, THook, TSelf>(this RuleBuilder<TTable, THook, TSelf> rule, string name, bool not = false)
        where TTable : ITable
        where THook : IHasInInterface
        where TSelf : RuleBuilder<TTable, THook, TSelf> =>
        rule.With(new InterfaceMatch(InterfaceSide.In, name, not));

    /// <summary><c>-o name</c>; a trailing '+' matches every interface with that prefix.</summary>
    public static TSelf OutInterface<TTable, THook, TSelf>(this RuleBuilder<TTable, THook, TSelf> rule, string name, bool not = false)
        where TTable : ITable
        where THook : IHasOutInterface
        where TSelf : RuleBuilder<TTable, THook, TSelf> =>
        rule.With(new InterfaceMatch(InterfaceSide.Out, name, not));
}
