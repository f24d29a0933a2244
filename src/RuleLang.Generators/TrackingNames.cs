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
    public const string RlFiles = "RlFiles";
    public const string AllRlFiles = "AllRlFiles";
    public const string TextPolicySettings = "TextPolicySettings";
    public const string TextPolicies = "TextPolicies";
    public const string TextPolicyHandles = "TextPolicyHandles";
    public const string AllPoliciesWithText = "AllPolicyClassesWithText";
}
