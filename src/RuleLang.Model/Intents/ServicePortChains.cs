namespace RuleLang.Model.Intents;

/// <summary>
/// The names of a service port's policy chains as kube-proxy hashes them (<see cref="KubeChainNames"/>):
/// KUBE-SVC-… (Cluster policy), KUBE-SVL-… (Local policy), KUBE-EXT-… (external traffic) and KUBE-FW-… (load
/// balancer source ranges), all sharing one hash.
/// </summary>
public sealed record ServicePortChains(string Cluster, string Local, string External, string Firewall);
