using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;

namespace RuleLang.Importers.Nftables;

/// <summary>
/// What one nft rule line gave: the rule (null when a diagnostic refused it) and the family the line limited
/// itself to without saying it through an address (`meta nfproto ipv4`, `ip dscp set`, `reject with icmp …`), which
/// the chain import resolves: kept when the rule is of that family anyway, merged with its other-family twin.
/// </summary>
internal sealed record NftParsedRule(Rule? Rule, IpFamily? StatedFamily, IReadOnlyList<PolicyDiagnostic> Diagnostics);
