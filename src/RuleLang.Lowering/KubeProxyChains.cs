using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Lowering.RuleFactory;

namespace RuleLang.Lowering;

/// <summary>
/// The chains kube-proxy's iptables mode keeps whatever the services: in nat KUBE-SERVICES, KUBE-NODEPORTS,
/// KUBE-POSTROUTING and KUBE-MARK-MASQ; in filter KUBE-SERVICES, KUBE-EXTERNAL-SERVICES, KUBE-FORWARD,
/// KUBE-NODEPORTS, KUBE-PROXY-FIREWALL and kubelet's KUBE-FIREWALL; and the jumps to them from the built-in
/// chains, in the order kube-proxy's prepending leaves them.
/// </summary>
internal sealed class KubeProxyChains
{
    public const string Services = "KUBE-SERVICES";
    public const string ExternalServices = "KUBE-EXTERNAL-SERVICES";
    public const string NodePorts = "KUBE-NODEPORTS";
    public const string MarkMasq = "KUBE-MARK-MASQ";
    public const string Postrouting = "KUBE-POSTROUTING";
    public const string Forward = "KUBE-FORWARD";
    public const string ProxyFirewall = "KUBE-PROXY-FIREWALL";
    public const string KubeletFirewall = "KUBE-FIREWALL";

    private KubeProxyChains(PolicyDraft draft, SourceLocation at)
    {
        NatServices = draft.UserChain(TableKind.Nat, Services, at);
        NatNodePorts = draft.UserChain(TableKind.Nat, NodePorts, at);
        NatPostrouting = draft.UserChain(TableKind.Nat, Postrouting, at);
        NatMarkMasq = draft.UserChain(TableKind.Nat, MarkMasq, at);
        FilterServices = draft.UserChain(TableKind.Filter, Services, at);
        FilterExternalServices = draft.UserChain(TableKind.Filter, ExternalServices, at);
        FilterForward = draft.UserChain(TableKind.Filter, Forward, at);
        FilterNodePorts = draft.UserChain(TableKind.Filter, NodePorts, at);
        FilterProxyFirewall = draft.UserChain(TableKind.Filter, ProxyFirewall, at);
        FilterKubeletFirewall = draft.UserChain(TableKind.Filter, KubeletFirewall, at);
    }

    public ChainDraft NatServices { get; }

    public ChainDraft NatNodePorts { get; }

    public ChainDraft NatPostrouting { get; }

    public ChainDraft NatMarkMasq { get; }

    public ChainDraft FilterServices { get; }

    public ChainDraft FilterExternalServices { get; }

    public ChainDraft FilterForward { get; }

    public ChainDraft FilterNodePorts { get; }

    public ChainDraft FilterProxyFirewall { get; }

    public ChainDraft FilterKubeletFirewall { get; }

    /// <summary>
    /// Declares the chains and writes the rules that come before the services'. <paramref name="pin"/> is the one
    /// family the services use (null when they use both, so that each rule is written once for both).
    /// </summary>
    public static KubeProxyChains Declare(PolicyDraft draft, ClusterSettings cluster, IReadOnlyCollection<IpFamily> families, IpFamily? pin, SourceLocation at)
    {
        var chains = new KubeProxyChains(draft, at);
        uint mark = cluster.MasqueradeMark;

        // iptables-save prints --xor-mark M as --set-xmark M/0x0 and --or-mark M as --set-xmark M/M.
        chains.NatPostrouting.Rules.Add(Pinned(at, pin, VerdictTarget.Return, new MarkMatch(mark, mark, Negated: true)));
        chains.NatPostrouting.Rules.Add(Pinned(at, pin, new MarkTarget(mark, 0)));
        chains.NatPostrouting.Rules.Add(Pinned(at, pin, new MasqueradeTarget(RandomFully: cluster.RandomFully), Comment("kubernetes service traffic requiring SNAT")));
        chains.NatMarkMasq.Rules.Add(Pinned(at, pin, new MarkTarget(mark, mark)));

        if (cluster.LocalhostNodePorts && Contains(families, IpFamily.IPv4))
        {
            // The route_localnet guard; its addresses make it an IPv4 rule.
            chains.FilterKubeletFirewall.Rules.Add(Rule(at, VerdictTarget.Drop,
                Comment("block incoming localnet connections"),
                new AddressMatch(AddressSide.Destination, "127.0.0.0/8"),
                new AddressMatch(AddressSide.Source, "127.0.0.0/8", Negated: true),
                new ConntrackMatch(ConntrackStates.Related | ConntrackStates.Established | ConntrackStates.Dnat, Negated: true)));
        }

        var isNew = new ConntrackMatch(ConntrackStates.New);
        var portals = Comment("kubernetes service portals");
        var externalPortals = Comment("kubernetes externally-visible service portals");
        var firewall = Comment("kubernetes load balancer firewall");
        // kube-proxy prepends each jump in turn, so the last one it ensures comes first.
        draft.Builtin(TableKind.Filter, Hook.Input).Head.AddRange(new[]
        {
            Pinned(at, pin, new JumpTarget(KubeletFirewall)),
            Pinned(at, pin, new JumpTarget(ProxyFirewall), isNew, firewall),
            Pinned(at, pin, new JumpTarget(NodePorts), Comment("kubernetes health check service ports")),
            Pinned(at, pin, new JumpTarget(ExternalServices), isNew, externalPortals),
        });
        draft.Builtin(TableKind.Filter, Hook.Forward).Head.AddRange(new[]
        {
            Pinned(at, pin, new JumpTarget(ProxyFirewall), isNew, firewall),
            Pinned(at, pin, new JumpTarget(Forward), Comment("kubernetes forwarding rules")),
            Pinned(at, pin, new JumpTarget(Services), isNew, portals),
            Pinned(at, pin, new JumpTarget(ExternalServices), isNew, externalPortals),
        });
        draft.Builtin(TableKind.Filter, Hook.Output).Head.AddRange(new[]
        {
            Pinned(at, pin, new JumpTarget(KubeletFirewall)),
            Pinned(at, pin, new JumpTarget(ProxyFirewall), isNew, firewall),
            Pinned(at, pin, new JumpTarget(Services), isNew, portals),
        });
        draft.Builtin(TableKind.Nat, Hook.Prerouting).Head.Add(Pinned(at, pin, new JumpTarget(Services), portals));
        draft.Builtin(TableKind.Nat, Hook.Output).Head.Add(Pinned(at, pin, new JumpTarget(Services), portals));
        draft.Builtin(TableKind.Nat, Hook.Postrouting).Head.Add(Pinned(at, pin, new JumpTarget(Postrouting), Comment("kubernetes postrouting rules")));
        return chains;
    }

    /// <summary>The rules that come after every service's: the NodePort tail of KUBE-SERVICES and KUBE-FORWARD.</summary>
    public void Finish(ClusterSettings cluster, IReadOnlyCollection<IpFamily> families, IpFamily? pin, SourceLocation at)
    {
        var tail = Comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain");
        var local = new AddressTypeMatch(AddressSide.Destination, AddressType.Local);
        var limited = families.Where(f => !NodePortAddressRange.MatchesAll(cluster, f)).ToArray();
        foreach (var family in limited)
        {
            // --nodeport-addresses: a jump for each node address in the ranges instead of every local address.
            foreach (string address in NodePortAddressRange.NodeAddresses(cluster, family))
            {
                NatServices.Rules.Add(new Rule(new Match[] { tail, new AddressMatch(AddressSide.Destination, address) }, new JumpTarget(NodePorts), at) { Family = family });
            }
        }
        if (Contains(families, IpFamily.IPv4) && !limited.Contains(IpFamily.IPv4))
        {
            // The IPv4 rule is the same for both families when it names no address, so it is pinned to IPv4.
            var matches = cluster.LocalhostNodePorts
                ? new Match[] { tail, local }
                : new Match[] { tail, local, new AddressMatch(AddressSide.Destination, "127.0.0.0/8", Negated: true) };
            NatServices.Rules.Add(new Rule(matches, new JumpTarget(NodePorts), at) { Family = IpFamily.IPv4 });
        }
        if (Contains(families, IpFamily.IPv6) && !limited.Contains(IpFamily.IPv6))
        {
            // IPv6 NodePorts never answer on ::1.
            NatServices.Rules.Add(Rule(at, new JumpTarget(NodePorts), tail, local, new AddressMatch(AddressSide.Destination, "::1/128", Negated: true)));
        }

        FilterForward.Rules.Add(Pinned(at, pin, VerdictTarget.Drop, InvalidDropMatches(cluster)));
        uint mark = cluster.MasqueradeMark;
        FilterForward.Rules.Add(Pinned(at, pin, VerdictTarget.Accept, Comment("kubernetes forwarding rules"), new MarkMatch(mark, mark)));
        FilterForward.Rules.Add(Pinned(at, pin, VerdictTarget.Accept, Comment("kubernetes forwarding conntrack rule"),
            new ConntrackMatch(ConntrackStates.Related | ConntrackStates.Established)));
    }

    /// <summary>kube-proxy's counter of the INVALID packets KUBE-FORWARD drops (metrics.IPTablesCTStateInvalidDroppedNFAcctCounter).</summary>
    public const string InvalidDroppedCounter = "ct_state_invalid_dropped_pkts";

    /// <summary>kube-proxy's counter of the packets a localhost NodePort accepts (metrics.LocalhostNodePortAcceptedNFAcctCounter).</summary>
    public const string LocalhostNodePortCounter = "localhost_nps_accepted_pkts";

    private static Match[] InvalidDropMatches(ClusterSettings cluster) => cluster.NfacctCounters
        ? new Match[] { new ConntrackMatch(ConntrackStates.Invalid), new NfacctMatch(InvalidDroppedCounter) }
        : new Match[] { new ConntrackMatch(ConntrackStates.Invalid) };

    public static Rule Pinned(SourceLocation at, IpFamily? family, Target target, params Match[] matches) =>
        new(matches, target, at) { Family = family };

    private static bool Contains(IReadOnlyCollection<IpFamily> families, IpFamily family)
    {
        foreach (var f in families)
        {
            if (f == family)
            {
                return true;
            }
        }
        return false;
    }
}
