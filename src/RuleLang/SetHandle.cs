using RuleLang.Model.Netfilter;
using RuleLang.Model.Sets;

namespace RuleLang;

/// <summary>
/// A named set declared with <see cref="PolicyBuilder.Set"/> or <see cref="PolicyBuilder.ExternalSet"/>: what a rule's
/// <c>SourceIn</c> / <c>DestinationIn</c> tests. Holding the handle, not the name, a rule cannot name a set the
/// policy never declared.
/// </summary>
public sealed class SetHandle
{
    internal SetHandle(string name, SetType type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public SetType Type { get; }

    /// <summary>The family a rule testing this set belongs to; null for a port set.</summary>
    public IpFamily? Family => SetTypes.Family(Type);
}
