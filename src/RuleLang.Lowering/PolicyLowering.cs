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
    public static Policy Lower(Policy policy) => Lower(policy, lowerServices: true);

    /// <summary>
    /// Lowers every intent but the services, which stay in <see cref="Policy.Intents"/> (with
    /// <see cref="Policy.Cluster"/>) for a back end that writes services in a layout of its own, as the nft back
    /// end writes kube-proxy's nftables layout. The other intents lower exactly as <see cref="Lower(Policy)"/> does.
    /// </summary>
    public static Policy LowerAllButServices(Policy policy) => Lower(policy, lowerServices: false);

    private static Policy Lower(Policy policy, bool lowerServices)
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
        var services = policy.Intents.OfType<ServiceIntent>().ToArray();
        if (lowerServices)
        {
            ServiceLowering.Lower(services, policy.Cluster, draft);
            return policy with { Tables = draft.Freeze(), Intents = new Intent[0] };
        }
        return policy with { Tables = draft.Freeze(), Intents = services };
    }
}
