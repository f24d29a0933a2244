namespace RuleLang.Generators;

/// <summary>The names of the generator's pipeline steps, for tests that check what the cache kept.</summary>
public static class TrackingNames
{
    public const string Candidates = "PolicyCandidates";
    public const string Policies = "PolicyClasses";
    public const string Accessibility = "Accessibility";
    public const string AllPolicies = "AllPolicyClasses";
    public const string PoliciesAndAccessibility = "PolicyClassesAndAccessibility";
    public const string Registry = "Registry";
}
