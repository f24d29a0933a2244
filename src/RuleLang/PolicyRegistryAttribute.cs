using System;

namespace RuleLang;

/// <summary>
/// Names the class that lists an assembly's policies. RuleLang's source generator adds
/// <c>[assembly: PolicyRegistry(typeof(RuleLang.Generated.PolicyRegistry))]</c> to every project with policy classes,
/// so a tool finds them with one attribute lookup instead of scanning every type. The registry type has static
/// properties <c>All</c> (<c>IReadOnlyList&lt;PolicyDefinition&gt;</c>) and <c>Types</c> (<c>IReadOnlyList&lt;Type&gt;</c>),
/// both in the ordinal order of the classes' full names.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false, Inherited = false)]
public sealed class PolicyRegistryAttribute : Attribute
{
    public PolicyRegistryAttribute(Type registryType)
    {
        RegistryType = registryType;
    }

    /// <summary>The generated registry class, <c>RuleLang.Generated.PolicyRegistry</c>.</summary>
    public Type RegistryType { get; }
}
