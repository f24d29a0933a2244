namespace RuleLang.Model.Intents;

/// <summary>
/// Kubernetes' externalTrafficPolicy and internalTrafficPolicy: Cluster spreads over every usable endpoint,
/// Local only over this node's (and keeps the client's address for external traffic).
/// </summary>
public enum TrafficPolicy
{
    Cluster,
    Local,
}
