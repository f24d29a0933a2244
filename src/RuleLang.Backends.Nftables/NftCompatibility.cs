using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// What a checked, lowered policy may hold that nft 1.0.6 cannot say with the same meaning. Each finding is
/// RL3101, naming the construct and the back end; the compiler runs this only when nft output is asked for, and
/// emits nothing for a policy with a finding, so no rule is ever printed weaker than it was written.
/// </summary>
public static class NftCompatibility
{
    private const ConntrackStates NatStates = ConntrackStates.Snat | ConntrackStates.Dnat;

    public static IReadOnlyList<PolicyDiagnostic> Check(Policy lowered)
    {
        var found = new List<PolicyDiagnostic>();
        if (!NftNames.IsUsableTableName(lowered.Name))
        {
            found.Add(Report(lowered.Location, $"the table name '{lowered.Name}'",
                "nft reads it as a keyword, and takes no quoted table names",
                "rename the policy (its name names the table)"));
        }
        // Services still held as intents are written in kube-proxy's layout, which has checks of its own.
        found.AddRange(KubeProxyNftLayout.Check(KubeProxyNftLayout.Services(lowered)));
        found.AddRange(NftSets.Check(lowered));
        foreach (var table in lowered.Tables)
        {
            found.AddRange(NftCtHelpers.Check(table));
            foreach (var chain in table.Chains)
            {
                foreach (var rule in chain.Rules)
                {
                    CheckRule(rule, found);
                }
            }
        }
        return found;
    }

    private static void CheckRule(Rule rule, List<PolicyDiagnostic> found)
    {
        var at = rule.Location;
        int commentBytes = -2;
        foreach (var match in rule.Matches)
        {
            switch (match)
            {
                case CommentMatch c:
                    if (!NftValues.IsQuotable(c.Text))
                    {
                        found.Add(Report(at, $"the comment '{c.Text}'", "nft strings cannot contain a double quote (there is no escape for one)",
                            "use single quotes in the comment"));
                    }
                    if (c.Text.Length > 0)
                    {
                        commentBytes += NftValues.Utf8Length(c.Text) + 2;
                    }
                    break;
                case ConntrackMatch ct when (ct.States & NatStates) != 0 && (ct.States & ~NatStates) != 0:
                    found.Add(Report(at, "--ctstate " + States(ct.States), "nft tests SNAT and DNAT as ct status bits, apart from the ct state, and one rule cannot test either of the two",
                        "write one rule for the states and one for SNAT/DNAT"));
                    break;
                case ConntrackMatch { Negated: true } ct when (ct.States & NatStates) != 0:
                    found.Add(Report(at, "! --ctstate " + States(ct.States), "nft's ct status test does not match packets without a connection (invalid or untracked), which iptables' negation does",
                        "match the positive state and RETURN or ACCEPT before this rule"));
                    break;
                case ConntrackPortMatch ct when !HasPortProtocol(rule):
                    found.Add(Report(at, $"--ct{(ct.Tuple == ConntrackTuple.Original ? "orig" : "repl")}{(ct.Side == AddressSide.Source ? "src" : "dst")}port {ct.Ports}",
                        "nft reads a connection's port only in a rule that tests the packet's protocol first, and iptables tests it for every protocol",
                        "add -p tcp, -p udp or -p sctp to the rule (one rule per protocol)"));
                    break;
                case OwnerMatch owner when owner.Uid is { Negated: true } || owner.Gid is { Negated: true } || owner.SocketExists == false:
                    found.Add(Report(at, "-m owner" + owner.IptablesOptions,
                        "iptables' negated owner test matches a packet without a socket (forwarded, or sent by the kernel), and nft's meta skuid/skgid never match one",
                        "emit iptables for this policy, or test the ids that should match instead of the one that should not"));
                    break;
                case OwnerMatch { Uid: null, Gid: null } owner:
                    found.Add(Report(at, "-m owner" + owner.IptablesOptions, "nft has no test of whether a packet has a socket",
                        "emit iptables for this policy, or test the socket's uid or gid (meta skuid), which needs a socket too"));
                    break;
                case PhysdevMatch physdev:
                    found.Add(Report(at, "-m physdev" + physdev.IptablesOptions,
                        "nft has no test of a bridged packet's bridge port in an ip or inet table (meta ibrname and obrname name the bridge, not the port, and iptables-translate has no form either)",
                        "emit iptables for this policy, or filter the bridge's ports in a bridge-family table"));
                    break;
                case ConntrackStatusMatch { Status: ConntrackStatus.None } cs:
                    found.Add(Report(at, (cs.Negated ? "! " : "") + "--ctstatus NONE", "nft has no status test that no connection passes (or, negated, every one)",
                        cs.Negated ? "match the connection states instead (ct state)" : "remove the rule: it matches no packet"));
                    break;
                case NfacctMatch n:
                    found.Add(Report(at, "-m nfacct --nfacct-name " + n.Name, "nft has no match that counts into an nfnetlink_acct object",
                        "emit iptables for this policy, or use an nft named counter"));
                    break;
                case ConnectionLimitMatch c:
                    found.Add(Report(at, $"-m connlimit --connlimit-{(c.Above ? "above" : "upto")} {c.Count}",
                        "the nft back end does not write connlimit yet (nft would need a dynamic set keyed by the masked address, with ct count)",
                        "emit iptables for this policy"));
                    break;
                case HashLimitMatch h:
                    found.Add(Report(at, "-m hashlimit --hashlimit-name " + h.Name,
                        "the nft back end does not write hashlimit's per-group buckets yet (nft would need a meter keyed by the --hashlimit-mode fields, with the masks and the expiry)",
                        "emit iptables for this policy"));
                    break;
                case RecentMatch { HitCount: not null } r:
                    found.Add(Report(at, $"-m recent --hitcount {r.HitCount} --name {r.Name}",
                        "xt_recent counts the last hits of each address within --seconds, and an nft set element keeps one expiry time and no such count (a meter's limit is a rate, which lets a steady trickle through)",
                        "emit iptables for this policy"));
                    break;
                case RecentMatch r:
                    found.Add(Report(at, "-m recent --name " + r.Name, "the nft back end does not write recent lists yet (nft would need a dynamic set with timeouts)",
                        "emit iptables for this policy"));
                    break;
                // `! -p all` and `! -i +` match no packet; the checker refuses them for every back end.
                case InterfaceMatch i when i.Name.IndexOf('*') >= 0 || i.Name.IndexOf('\\') >= 0:
                    found.Add(Report(at, $"the interface name '{i.Name}'", "nft reads '*' in an interface name as a wildcard and '\\' as its escape",
                        "use a name without '*' and '\\', or '+' at the end for a prefix"));
                    break;
            }
        }
        if (rule.Target is NoTarget)
        {
            found.Add(Report(at, "a rule without a target", "the nft back end does not write counting-only rules yet",
                "emit iptables for this policy"));
        }
        if (commentBytes > NftValues.MaxCommentBytes)
        {
            found.Add(Report(at, "the rule's comment", $"nft keeps at most {NftValues.MaxCommentBytes} bytes of comment per rule, and this rule's comments take {commentBytes} (several are joined with \"; \")",
                "shorten the comment"));
        }
        if (rule.Target is LogTarget { Prefix: { } prefix } && !NftValues.IsQuotable(prefix))
        {
            found.Add(Report(at, $"the log prefix '{prefix}'", "nft strings cannot contain a double quote (there is no escape for one)",
                "use single quotes in the prefix"));
        }
        else if (rule.Target is LogTarget { Prefix: { } dollar } && dollar.IndexOf('$') >= 0)
        {
            found.Add(Report(at, $"the log prefix '{dollar}'", "nft reads '$' in a log prefix as the start of a variable, even within quotes, and has no escape for it",
                "leave the '$' out of the prefix"));
        }
    }

    private static bool HasPortProtocol(Rule rule) =>
        rule.Matches.Any(m => m is ProtocolMatch { Negated: false, Protocol: Protocol.Tcp or Protocol.Udp or Protocol.Sctp });

    /// <summary>States as iptables writes them: INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT.</summary>
    private static string States(ConntrackStates states)
    {
        var names = new List<string>(7);
        for (int bit = 1; bit <= (int)ConntrackStates.Dnat; bit <<= 1)
        {
            if (((int)states & bit) != 0)
            {
                names.Add(((ConntrackStates)bit).ToString().ToUpperInvariant());
            }
        }
        return string.Join(",", names);
    }

    internal static PolicyDiagnostic Report(SourceLocation at, string construct, string reason, string fix) =>
        PolicyDiagnostic.Create(DiagnosticCatalog.NoFaithfulNftForm, at, construct, reason, fix);
}
