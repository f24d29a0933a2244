using RuleLang.Model;

namespace RuleLang.Testing;

/// <summary>
/// One netfilter fact, as a policy that the checker should accept or reject with the given IDs, and the
/// kernel's verdict on the same policy's emitted ruleset. Where RuleLang is deliberately stricter than the
/// kernel, KernelAccepts says so and Why explains.
/// </summary>
public sealed record FactCase(string Name, Policy Policy, string[] ExpectedIds, bool KernelAccepts, string Why = "")
{
    public override string ToString() => Name;
}
