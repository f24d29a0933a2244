using RuleLang.Model;

namespace RuleLang;

/// <summary>
/// A firewall policy written in C#: subclass it, name it, and say what it does in <see cref="Define"/>. The
/// compiler finds subclasses and calls <see cref="Build"/>.
/// </summary>
public abstract class PolicyDefinition
{
    /// <summary>Names the emitted files, so keep to letters, digits, '-' and '_'.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Runs <see cref="Define"/> on a fresh builder each time, so building twice gives equal policies. Virtual so
    /// that a policy from another front end (<see cref="TextPolicyDefinition"/>: a .rl file) can build its own way.
    /// </summary>
    public virtual Policy Build()
    {
        var builder = new PolicyBuilder();
        Define(builder);
        return builder.ToModel(Name);
    }

    protected abstract void Define(PolicyBuilder p);
}
