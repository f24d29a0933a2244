using System.Collections.Generic;
using System.Globalization;
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
/// Services in the shape kube-proxy's iptables mode gives them: KUBE-SERVICES matches cluster IP and port and
/// jumps to KUBE-SVC-…, which picks an endpoint with statistic probabilities 1/n, 1/(n-1), … and the last one
/// unconditionally; each KUBE-SEP-… marks hairpin traffic for masquerade and DNATs to the endpoint.
/// </summary>
internal static class ServiceLowering
{
    public const string Services = "KUBE-SERVICES";
    public const string NodePorts = "KUBE-NODEPORTS";
    public const string MarkMasq = "KUBE-MARK-MASQ";
    public const string Postrouting = "KUBE-POSTROUTING";

    private static readonly JumpTarget ToMarkMasq = new(MarkMasq);

    public static void Lower(IReadOnlyList<ServiceIntent> services, ClusterSettings cluster, PolicyDraft draft)
    {
        if (services.Count == 0)
        {
            return;
        }
        var at = services[0].Location;
        uint mark = cluster.MasqueradeMark;
        DeclareCommonChains(draft, mark, at);

        var dispatch = draft.UserChain(TableKind.Nat, Services, at);
        // Declared only when some service has a NodePort: an empty chain nothing jumps to is a warning.
        bool anyNodePort = services.Any(s => s.NodePort.HasValue);
        var nodePorts = anyNodePort ? draft.UserChain(TableKind.Nat, NodePorts, at) : null;
        foreach (var service in services)
        {
            LowerOne(service, cluster, draft, dispatch, nodePorts);
        }
        if (anyNodePort)
        {
            dispatch.Rules.Add(Rule(at, new JumpTarget(NodePorts),
                Comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
                new AddressTypeMatch(AddressSide.Destination, AddressType.Local)));
        }
    }

    private static void DeclareCommonChains(PolicyDraft draft, uint mark, SourceLocation at)
    {
        draft.UserChain(TableKind.Nat, MarkMasq, at).Rules.Add(Rule(at, new MarkTarget(mark, mark)));
        var post = draft.UserChain(TableKind.Nat, Postrouting, at);
        post.Rules.Add(Rule(at, VerdictTarget.Return, new MarkMatch(mark, mark, Negated: true)));
        // Clear the bit so that the packet, if it is re-routed, is not masqueraded twice.
        post.Rules.Add(Rule(at, new MarkTarget(mark, 0)));
        post.Rules.Add(Rule(at, new MasqueradeTarget(RandomFully: true), Comment("kubernetes service traffic requiring SNAT")));

        var portals = Comment("kubernetes service portals");
        draft.Builtin(TableKind.Nat, Hook.Prerouting).Head.Add(Rule(at, new JumpTarget(Services), portals));
        draft.Builtin(TableKind.Nat, Hook.Output).Head.Add(Rule(at, new JumpTarget(Services), portals));
        draft.Builtin(TableKind.Nat, Hook.Postrouting).Head.Add(Rule(at, new JumpTarget(Postrouting), Comment("kubernetes postrouting rules")));
    }

    private static void LowerOne(ServiceIntent service, ClusterSettings cluster, PolicyDraft draft, ChainDraft dispatch, ChainDraft? nodePorts)
    {
        var at = service.Location;
        string name = service.ServicePortName;
        string protocol = service.Protocol.ToString().ToLowerInvariant();
        string svcChain = KubeChainNames.Service(name, protocol);
        var svc = draft.UserChain(TableKind.Nat, svcChain, at);

        var clusterIpComment = Comment(name + " cluster IP");
        var serviceComment = Comment(name);
        dispatch.Rules.Add(Rule(at, new JumpTarget(svcChain), Dst(service.ClusterIp), Proto(service.Protocol), clusterIpComment, Dport(service.Port)));

        if (cluster.ClusterCidr != null)
        {
            svc.Rules.Add(Rule(at, ToMarkMasq,
                Src(cluster.ClusterCidr, negated: true), Dst(service.ClusterIp), Proto(service.Protocol), clusterIpComment, Dport(service.Port)));
        }

        if (service.NodePort is { } nodePort)
        {
            string extChain = KubeChainNames.External(name, protocol);
            var ext = draft.UserChain(TableKind.Nat, extChain, at);
            nodePorts!.Rules.Add(Rule(at, new JumpTarget(extChain), Proto(service.Protocol), serviceComment, Dport(nodePort)));
            ext.Rules.Add(Rule(at, ToMarkMasq, Comment("masquerade traffic for " + name + " external destinations")));
            ext.Rules.Add(Rule(at, new JumpTarget(svcChain)));
        }

        int n = service.Endpoints.Count;
        for (int i = 0; i < n; i++)
        {
            var endpoint = service.Endpoints[i];
            string endpointText = EndpointText(endpoint);
            string sepChain = KubeChainNames.Endpoint(name, protocol, endpointText);
            var matches = new List<Match> { Comment(name + " -> " + endpointText) };
            if (i < n - 1)
            {
                matches.Add(new RandomMatch(1.0 / (n - i)));
            }
            svc.Rules.Add(Rule(at, new JumpTarget(sepChain), matches.ToArray()));

            var sep = draft.UserChain(TableKind.Nat, sepChain, at);
            sep.Rules.Add(Rule(at, ToMarkMasq, Src(endpoint.Address), serviceComment));
            sep.Rules.Add(Rule(at, new DnatTarget(endpoint.Address, PortSpan.Single(endpoint.Port)), Proto(service.Protocol), serviceComment));
        }
    }

    /// <summary>ip:port, with brackets for IPv6 as kube-proxy writes endpoints.</summary>
    private static string EndpointText(ServiceEndpoint endpoint)
    {
        string port = endpoint.Port.ToString(CultureInfo.InvariantCulture);
        return endpoint.Address.IndexOf(':') >= 0 ? $"[{endpoint.Address}]:{port}" : $"{endpoint.Address}:{port}";
    }
}
