namespace RuleLang.Model.Intents;

/// <summary>What a service address meets when its traffic policy leaves it no endpoint.</summary>
public enum NoEndpointVerdict
{
    /// <summary>No usable endpoint anywhere in the cluster: refused, as a closed port would be.</summary>
    Reject,

    /// <summary>Endpoints exist, but none on this node under Local policy: dropped.</summary>
    Drop,
}
