using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Intents;

namespace RuleLang.Lowering;

/// <summary>
/// Turns high-level intents into plain chains and rules, so that back ends only ever print tables. Rules made
/// from an intent carry the intent's source location, so later diagnostics point at the user's line.
/// </summary>
public static class PolicyLowering
{
    public static Policy Lower(Policy policy)
    {
        if (policy.Intents.Count == 0)
        {
            return policy;
        }
        var draft = new PolicyDraft(policy);
        foreach (var intent in policy.Intents)
        {
            switch (intent)
            {
                case PortRedirectIntent r:
                    SimpleIntentLowering.Lower(r, draft);
                    break;
                case PortForwardIntent f:
                    SimpleIntentLowering.Lower(f, draft);
                    break;
                case MasqueradeIntent m:
                    SimpleIntentLowering.Lower(m, draft);
                    break;
            }
        }
        ServiceLowering.Lower(policy.Intents.OfType<ServiceIntent>().ToArray(), policy.Cluster, draft);
        return policy with { Tables = draft.Freeze(), Intents = new Intent[0] };
    }
}
