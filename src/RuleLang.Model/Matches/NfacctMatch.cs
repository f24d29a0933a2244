namespace RuleLang.Model.Matches;

/// <summary>
/// -m nfacct --nfacct-name: counts the packet in a named extended-accounting object (nfnetlink_acct) and always
/// matches, so it has no effect on a packet's path. kube-proxy uses it for its metrics; loading a rule with it
/// needs the xt_nfacct module and the named object to exist.
/// </summary>
public sealed record NfacctMatch(string Name) : Match;
