using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using RuleLang.Model;
using RuleLang.Model.Assertions;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Sets;

namespace RuleLang;

/// <summary>
/// What <see cref="PolicyDefinition.Define"/> writes into: the five tables, the intents that lowering turns into
/// plain rules, and the cluster settings services need.
/// </summary>
public sealed class PolicyBuilder
{
    // Intents and service builders in the order written; a builder becomes its intents when the policy is built.
    private readonly List<object> _written = new();
    private readonly List<PolicyAssertion> _assertions = new();
    private readonly List<NamedSet> _sets = new();
    private RawTable? _raw;
    private MangleTable? _mangle;
    private NatTable? _nat;
    private FilterTable? _filter;
    private SecurityTable? _security;
    private ClusterSettings _cluster = ClusterSettings.Default;
    private PolicyOwnership _ownership = PolicyOwnership.Unstated;
    private string? _firstFile;

    internal PolicyBuilder()
    {
    }

    public RawTable Raw => _raw ??= new RawTable(this);

    public MangleTable Mangle => _mangle ??= new MangleTable(this);

    public NatTable Nat => _nat ??= new NatTable(this);

    public FilterTable Filter => _filter ??= new FilterTable(this);

    public SecurityTable Security => _security ??= new SecurityTable(this);

    /// <summary>Connections to <paramref name="from"/> on this host are served by <paramref name="to"/> on this host.</summary>
    public void RedirectPort(
        Protocol protocol,
        int from,
        int to,
        string? inInterface = null,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0) =>
        AddIntent(new PortRedirectIntent(protocol, from, to, inInterface, At(file, line)));

    /// <summary>
    /// Connections arriving for <paramref name="port"/> go to <paramref name="to"/>:<paramref name="toPort"/>
    /// (the same port when not given), and the forwarded traffic is let through.
    /// </summary>
    public void ForwardPort(
        Protocol protocol,
        int port,
        string to,
        int? toPort = null,
        string? inInterface = null,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0) =>
        AddIntent(new PortForwardIntent(protocol, inInterface, port, to, toPort ?? port, At(file, line)));

    /// <summary>Traffic leaving by <paramref name="outInterface"/> (from <paramref name="source"/>, if given) takes its address.</summary>
    public void Masquerade(
        string? outInterface = null,
        string? source = null,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0) =>
        AddIntent(new MasqueradeIntent(outInterface, source, At(file, line)));

    /// <summary>A load-balanced service port, programmed the way kube-proxy's iptables mode does.</summary>
    public void Service(
        string @namespace,
        string name,
        string portName,
        Protocol protocol,
        string clusterIp,
        int port,
        IEnumerable<(string Address, int Port)> endpoints,
        int? nodePort = null,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0) =>
        AddIntent(new ServiceIntent(
            @namespace,
            name,
            portName,
            protocol,
            clusterIp,
            port,
            nodePort,
            endpoints.Select(e => new ServiceEndpoint(e.Address, e.Port)).ToArray(),
            At(file, line)));

    /// <summary>
    /// A Kubernetes Service, described as its manifest and EndpointSlices describe it:
    /// <c>p.Service("ns", "web").ClusterIp("10.96.0.10").Port("http", Protocol.Tcp, 80, targetPort: 8080).Endpoints("10.244.1.10")</c>.
    /// </summary>
    public ServiceBuilder Service(
        string @namespace,
        string name,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
    {
        var service = new ServiceBuilder(@namespace, name, At(file, line));
        _written.Add(service);
        return service;
    }

    /// <summary>
    /// A property the build proves over every packet it names, failing with a counterexample when it does not
    /// hold: <c>p.Assert("ssh only from the office").Tcp().DestinationPort(22).Source("192.168.1.0/24", not: true).IsDropped()</c>.
    /// </summary>
    public AssertionBuilder Assert(
        string name,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0) =>
        new(name, At(file, line), _assertions);

    /// <summary>
    /// A named set the policy defines and fills (docs/sets.md): <c>var blocklist = p.Set("blocklist",
    /// SetType.Ipv4Network, new[] { "192.0.2.1", "198.51.100.0/24" });</c>, then <c>.SourceIn(blocklist)</c> in a
    /// rule. The iptables back end writes it as an ipset script beside the ruleset; nft as a set in the table.
    /// </summary>
    /// <param name="timeout">Seconds an element added at run time stays; null: for ever.</param>
    public SetHandle Set(
        string name,
        SetType type,
        IEnumerable<string> elements,
        int? timeout = null,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
    {
        _sets.Add(NamedSet.Defined(name, type, elements.ToArray(), At(file, line), timeout));
        return new SetHandle(name, type);
    }

    /// <summary>
    /// A set another tool makes and fills (fail2ban's f2b-sshd, firewalld's ipsets): the policy tests it but never
    /// writes it, and analysis assumes its matches, since its contents are unknown.
    /// </summary>
    public SetHandle ExternalSet(
        string name,
        SetType type,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
    {
        _sets.Add(NamedSet.Extern(name, type, At(file, line)));
        return new SetHandle(name, type);
    }

    /// <summary>kube-proxy's --masquerade-all: masquerade every packet sent to a cluster IP.</summary>
    public void MasqueradeAll() => _cluster = _cluster with { MasqueradeAll = true };

    /// <summary>Whether MASQUERADE gets --random-fully (kube-proxy adds it whenever iptables supports it).</summary>
    public void RandomFully(bool enabled) => _cluster = _cluster with { RandomFully = enabled };

    /// <summary>kube-proxy's --iptables-localhost-nodeports (default true).</summary>
    public void LocalhostNodePorts(bool enabled) => _cluster = _cluster with { LocalhostNodePorts = enabled };

    /// <summary>kube-proxy's nfacct counters: -m nfacct on the rules kube-proxy counts (needs the xt_nfacct module and the counters).</summary>
    public void NfacctCounters(bool enabled) => _cluster = _cluster with { NfacctCounters = enabled };

    /// <summary>kube-proxy's --nodeport-addresses: only the node's addresses in these CIDRs accept NodePort traffic.</summary>
    public void NodePortAddresses(params string[] cidrs) => _cluster = _cluster with { NodePortAddresses = cidrs.ToArray() };

    /// <summary>This node's addresses, one per family (kube-proxy's node IPs).</summary>
    public void NodeIps(params string[] addresses) => _cluster = _cluster with { NodeIps = addresses.ToArray() };

    /// <summary>kube-proxy's --cluster-cidr: traffic from outside it to a service is masqueraded.</summary>
    public void ClusterCidr(string cidr) => _cluster = _cluster with { ClusterCidr = cidr };

    /// <summary>
    /// kube-proxy's service CIDR of one family (--service-cluster-ip-range; call once per family): in nft output,
    /// traffic to an address in it that no service uses is dropped, as kube-proxy's nftables mode does.
    /// </summary>
    public void ServiceCidr(string cidr) => _cluster = _cluster with { ServiceCidrs = _cluster.ServiceCidrs.Append(cidr).ToArray() };

    /// <summary>kube-proxy's --iptables-masquerade-bit: the packet-mark bit that asks for masquerading.</summary>
    public void MasqueradeBit(int bit) => _cluster = _cluster with { MasqueradeBit = bit };

    /// <summary>
    /// What the policy owns (docs/ownership.md): <c>p.Owns(Ownership.OwnChains, jumps: JumpPlacement.First)</c>
    /// to coexist with Docker or kube-proxy, or <c>p.Owns(Ownership.WholeTables)</c>. Without it the CLI's
    /// --owns decides, whole tables by default.
    /// </summary>
    /// <param name="jumps">Where each jump into a built-in chain goes (first unless given); <see cref="BuiltinChain{TTable, THook}.PlaceJump"/> overrides it per chain.</param>
    /// <param name="prefix">The prefix of the owned chains (PREFIX-INPUT); default the policy name, shortened with a hash past 16 characters.</param>
    public void Owns(
        Ownership ownership,
        JumpPlacement? jumps = null,
        string? prefix = null,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0) =>
        _ownership = _ownership with { Kind = ownership, Jumps = jumps ?? JumpPlacement.First, Prefix = prefix, Location = At(file, line) };

    /// <summary>A chain another owner creates; declared through a table (<c>p.Filter.External("DOCKER-USER")</c>), which gives the typed handle rules jump to.</summary>
    internal void External(string chain, SourceLocation location)
    {
        Saw(location);
        _ownership = _ownership with { ExternalChains = _ownership.ExternalChains.Append(new ExternalChain(chain, location)).ToArray() };
    }

    internal void PlaceJump(ChainPlacement placement) =>
        _ownership = _ownership with { Placements = _ownership.Placements.Append(placement).ToArray() };

    /// <summary>Remembers the first file a policy wrote from, to stand for the policy's own location.</summary>
    internal void Saw(SourceLocation location)
    {
        if (_firstFile is null && location.File.Length > 0)
        {
            _firstFile = location.File;
        }
    }

    /// <summary>
    /// A C# policy class has no call site to capture (its constructor is implicit), so the policy is placed in
    /// the file of its first statement, line unknown.
    /// </summary>
    internal Policy ToModel(string name)
    {
        Table?[] tables = { _raw?.ToModel(), _mangle?.ToModel(), _nat?.ToModel(), _filter?.ToModel(), _security?.ToModel() };
        var location = _firstFile is null ? SourceLocation.None : new SourceLocation(_firstFile, 0, 0);
        var intents = _written.SelectMany<object, Intent>(w => w is ServiceBuilder service ? service.ToIntents() : new[] { (Intent)w }).ToArray();
        return new Policy(name, tables.OfType<Table>().OrderBy(t => t.Kind).ToArray(), intents, location)
        {
            Cluster = _cluster,
            Assertions = _assertions.ToArray(),
            Ownership = _ownership,
            Sets = _sets.ToArray(),
        };
    }

    private SourceLocation At(string file, int line)
    {
        var location = new SourceLocation(file, line, 0);
        Saw(location);
        return location;
    }

    private void AddIntent(Intent intent) => _written.Add(intent);
}
