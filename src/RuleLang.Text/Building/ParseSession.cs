using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Text.Syntax;

namespace RuleLang.Text.Building;

/// <summary>
/// The state of one <see cref="RlParser.Parse"/> call, shared by the file and the files it includes: what the
/// statements built so far, the definitions, the include stack. Nothing here outlives the call.
/// </summary>
internal sealed class ParseSession
{
    /// <summary>Each include nests a file parse; a resolver that invents a new file for every path must not overflow the stack.</summary>
    private const int MaxIncludeDepth = 64;

    private readonly IRlSourceResolver? _sources;
    private readonly List<string> _includeStack = new();
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<string> _includedFiles = new();
    /// <summary>A masquerade intent without saddr: one intent, from any source.</summary>
    private static readonly IReadOnlyList<string?> NoSource = new string?[] { null };

    private PolicyLineSyntax? _policyLine;
    private SourceLocation? _policyLocation;

    public ParseSession(IRlSourceResolver? sources)
    {
        _sources = sources;
    }

    public DiagnosticList Diagnostics { get; } = new();

    public DefinitionTable Definitions { get; } = new();

    public PolicyAssembler Assembler { get; } = new();

    public IReadOnlyList<string> IncludedFiles => _includedFiles;

    public RlParseResult Run(string text, string path)
    {
        _includeStack.Add(path);
        _read.Add(path);
        FileParser.Parse(this, text, path, isMain: true);
        Definitions.ReportUnresolved(Diagnostics);
        var diagnostics = Diagnostics.Items
            .Select((d, order) => (d, order))
            .OrderBy(x => x.d.Location.File == path ? 0 : 1)
            .ThenBy(x => x.d.Location.File, StringComparer.Ordinal)
            .ThenBy(x => x.d.Location.Line)
            .ThenBy(x => x.d.Location.Column)
            .ThenBy(x => x.order)
            .Select(x => x.d)
            .ToArray();
        Policy? policy = Diagnostics.HasErrors || _policyLine is null
            ? null
            : Assembler.ToPolicy(_policyLine.Name.Text, _policyLocation!);
        return new RlParseResult(policy, diagnostics, Definitions.All.ToArray(), _includedFiles.ToArray());
    }

    /// <summary>The policy line of the main file names the policy; an included file's policy line is ignored.</summary>
    public void NamePolicy(PolicyLineSyntax line, ValueReader reader, bool isMain)
    {
        if (!isMain)
        {
            return;
        }
        if (_policyLine is null)
        {
            _policyLine = line;
            _policyLocation = reader.At(line.At);
            return;
        }
        Diagnostics.Report(DiagnosticCatalog.RlPolicyNamedTwice, reader.At(line.At), _policyLine.Name.Text, _policyLocation!.Line);
    }

    /// <summary>One owns statement per policy: a second is reported, since one would silently undo the other.</summary>
    private void Own(OwnsSyntax owns, ValueReader reader, SourceLocation at)
    {
        if (Assembler.Ownership.Kind != null)
        {
            Diagnostics.Report(DiagnosticCatalog.RlOwnsTwice, at, Assembler.Ownership.Location.Line);
            return;
        }
        Assembler.Ownership = Assembler.Ownership with
        {
            Kind = owns.Ownership,
            Location = at,
            Jumps = owns.Jumps ?? JumpPlacement.First,
            Prefix = owns.Prefix?.Text,
        };
    }

    /// <summary>A set statement: into the policy, and into the sets rules below it may test.</summary>
    private void DeclareSet(SetDeclarationSyntax set, ValueReader reader)
    {
        int? timeout = null;
        if (set.Timeout is { } written)
        {
            if (reader.Int(written, "set timeout") is not { } seconds)
            {
                return;
            }
            timeout = seconds;
        }
        var at = reader.At(set.At);
        var declared = set.External
            ? Model.Sets.NamedSet.Extern(set.Name.Text, set.Type, at)
            : Model.Sets.NamedSet.Defined(set.Name.Text, set.Type, set.Elements.Select(e => e.Text).ToArray(), at, timeout);
        if (!Definitions.Sets.ContainsKey(declared.Name))
        {
            Definitions.Sets.Add(declared.Name, declared);
        }
        Assembler.Add(declared);
    }

    public void Handle(StatementSyntax statement, ValueReader reader, bool isMain)
    {
        var at = reader.At(statement.At);
        var rules = new RuleMaker(reader, Definitions);
        switch (statement)
        {
            case PolicyLineSyntax line:
                NamePolicy(line, reader, isMain);
                break;
            case IncludeSyntax include:
                Include(include, reader);
                break;
            case DefineSyntax define:
                Define(define, reader);
                break;
            case AllowSyntax allow:
                var input = Assembler.Table(TableKind.Filter).Chain("INPUT", SourceLocation.None);
                foreach (var rule in rules.Make(allow.Matches, VerdictTarget.Accept with { Location = at }, at))
                {
                    input.Add(rule);
                }
                break;
            case RedirectSyntax redirect:
                if (reader.Int(redirect.From, "port", 65535) is { } fromPort && reader.Int(redirect.To, "port", 65535) is { } to)
                {
                    Assembler.Add(new PortRedirectIntent(redirect.Protocol, fromPort, to, redirect.InInterface?.Text, at));
                }
                break;
            case ForwardSyntax forward:
                if (reader.Int(forward.Port, "port", 65535) is { } port && reader.Int(forward.To.Port, "port", 65535) is { } toPort)
                {
                    Assembler.Add(new PortForwardIntent(forward.Protocol, forward.InInterface?.Text, port, forward.To.Address.Text, toPort, at));
                }
                break;
            case MasqueradeSyntax masquerade:
                IReadOnlyList<string?>? sources = masquerade.Source is { } source ? rules.Addresses(source) : NoSource;
                foreach (var address in sources ?? Array.Empty<string?>())
                {
                    Assembler.Add(new MasqueradeIntent(masquerade.OutInterface?.Text, address, at));
                }
                break;
            case ServiceSyntax service:
                Service(service, reader, at);
                break;
            case AssertSyntax assertion:
                Assert(assertion, reader, rules, at);
                break;
            case OwnsSyntax owns:
                Own(owns, reader, at);
                break;
            case ExternalSyntax external:
                Assembler.Ownership = Assembler.Ownership with
                {
                    ExternalChains = Assembler.Ownership.ExternalChains.Concat(external.Chains.Select(c => new ExternalChain(c.Text, reader.At(c.At)))).ToArray(),
                };
                break;
            case SetDeclarationSyntax set:
                DeclareSet(set, reader);
                break;
            case PlaceSyntax place:
                if (!NetfilterFacts.TryParseHook(place.Chain.Text, out var hook) || !NetfilterFacts.HasBuiltinChain(place.Table, hook))
                {
                    string builtins = string.Join(", ", NetfilterFacts.BuiltinHooks(place.Table).Select(NetfilterFacts.ChainName));
                    Diagnostics.Report(DiagnosticCatalog.UnknownBuiltinChain, reader.At(place.Chain.At), NetfilterFacts.TableName(place.Table), place.Chain.Text, builtins);
                    break;
                }
                Assembler.Ownership = Assembler.Ownership with
                {
                    Placements = Assembler.Ownership.Placements.Append(new ChainPlacement(place.Table, hook, place.Placement, at)).ToArray(),
                };
                break;
            case ClusterCidrSyntax cidr:
                Assembler.Cluster = Assembler.Cluster with { ClusterCidr = cidr.Cidr.Text };
                break;
            case ClusterServiceCidrSyntax serviceCidr:
                Assembler.Cluster = Assembler.Cluster with { ServiceCidrs = Assembler.Cluster.ServiceCidrs.Concat(new[] { serviceCidr.Cidr.Text }).ToArray() };
                break;
            case ClusterNodePortAddressSyntax nodePortAddress:
                Assembler.Cluster = Assembler.Cluster with { NodePortAddresses = Assembler.Cluster.NodePortAddresses.Concat(new[] { nodePortAddress.Cidr.Text }).ToArray() };
                break;
            case ClusterNodeIpSyntax nodeIp:
                Assembler.Cluster = Assembler.Cluster with { NodeIps = Assembler.Cluster.NodeIps.Concat(new[] { nodeIp.Address.Text }).ToArray() };
                break;
            case ClusterSwitchSyntax { Setting: ClusterSwitch.MasqueradeAll } masqueradeAll:
                Assembler.Cluster = Assembler.Cluster with { MasqueradeAll = masqueradeAll.On };
                break;
            case ClusterSwitchSyntax { Setting: ClusterSwitch.LocalhostNodePorts } localhost:
                Assembler.Cluster = Assembler.Cluster with { LocalhostNodePorts = localhost.On };
                break;
            case ClusterSwitchSyntax { Setting: ClusterSwitch.NfacctCounters } nfacct:
                Assembler.Cluster = Assembler.Cluster with { NfacctCounters = nfacct.On };
                break;
            case ClusterSwitchSyntax { Setting: ClusterSwitch.RandomFully } randomFully:
                Assembler.Cluster = Assembler.Cluster with { RandomFully = randomFully.On };
                break;
            case ClusterMasqueradeBitSyntax bit:
                if (reader.Int(bit.Bit, "masquerade bit", 31) is { } value)
                {
                    Assembler.Cluster = Assembler.Cluster with { MasqueradeBit = value };
                }
                break;
        }
    }

    /// <summary>One assertion per rule its matches make (a definition naming several addresses makes several).</summary>
    private void Assert(AssertSyntax assertion, ValueReader reader, RuleMaker rules, SourceLocation at)
    {
        var targets = new List<string>();
        foreach (var (address, port) in assertion.Targets)
        {
            if (port is null)
            {
                targets.Add(address.Text);
            }
            else if (reader.Int(port, "port", 65535) is { } number)
            {
                targets.Add((address.Text.Contains(":") ? "[" + address.Text + "]" : address.Text) + ":" + number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        int? neverPort = assertion.Port is { } written ? reader.Int(written, "port", 65535) : null;
        if (targets.Count != assertion.Targets.Count || (assertion.Port is not null && neverPort is null))
        {
            return;
        }
        foreach (var rule in rules.Make(assertion.Matches, NoTarget.Instance, at))
        {
            Assembler.Add(new Model.Assertions.PolicyAssertion(assertion.Name.Text, rule.Matches, assertion.Kind, at)
            {
                Endpoints = targets.ToArray(),
                Port = neverPort,
            });
        }
    }

    private void Service(ServiceSyntax service, ValueReader reader, SourceLocation at)
    {
        bool complete = true;
        int? port = reader.Int(service.ClusterAddress.Port, "port", 65535);
        complete &= port != null;
        var endpoints = new List<ServiceEndpoint>();
        foreach (var endpoint in service.Endpoints)
        {
            if (reader.Int(endpoint.Address.Port, "port", 65535) is { } endpointPort)
            {
                endpoints.Add(Endpoint(endpoint, endpointPort));
            }
            else
            {
                complete = false;
            }
        }
        int? nodePort = null;
        int? healthCheck = null;
        int? affinity = null;
        var externalIps = new List<string>();
        var loadBalancerIps = new List<string>();
        var sourceRanges = new List<string>();
        var externalPolicy = TrafficPolicy.Cluster;
        var internalPolicy = TrafficPolicy.Cluster;
        foreach (var option in service.Options)
        {
            switch (option.Kind)
            {
                case ServiceOptionKind.NodePort:
                    nodePort = reader.Int(option.Value!, "node port", 65535);
                    complete &= nodePort != null;
                    break;
                case ServiceOptionKind.HealthCheckNodePort:
                    healthCheck = reader.Int(option.Value!, "health check node port", 65535);
                    complete &= healthCheck != null;
                    break;
                case ServiceOptionKind.ExternalIps:
                    externalIps.AddRange(option.List!.Select(a => a.Text));
                    break;
                case ServiceOptionKind.LoadBalancerIps:
                    loadBalancerIps.AddRange(option.List!.Select(a => a.Text));
                    break;
                case ServiceOptionKind.LoadBalancerSourceRanges:
                    sourceRanges.AddRange(option.List!.Select(a => a.Text));
                    break;
                case ServiceOptionKind.ExternalPolicy:
                    externalPolicy = option.Policy!.Value;
                    break;
                case ServiceOptionKind.InternalPolicy:
                    internalPolicy = option.Policy!.Value;
                    break;
                case ServiceOptionKind.Affinity:
                    // The range (1 to 86400) is the checker's to say (RL2202); only a number too large to hold is refused here.
                    affinity = option.Value is { } timeout ? reader.Int(timeout, "affinity timeout") : ServiceIntent.DefaultAffinityTimeout;
                    complete &= affinity != null;
                    break;
            }
        }
        if (!complete)
        {
            return;
        }
        Assembler.Add(new ServiceIntent(
            service.Namespace.Text, service.Name.Text, service.PortName?.Text ?? "", service.Protocol,
            service.ClusterAddress.Address.Text, port!.Value, nodePort, endpoints.ToArray(), at)
        {
            ExternalIps = externalIps.ToArray(),
            LoadBalancerIps = loadBalancerIps.ToArray(),
            LoadBalancerSourceRanges = sourceRanges.ToArray(),
            ExternalTrafficPolicy = externalPolicy,
            InternalTrafficPolicy = internalPolicy,
            SessionAffinityTimeout = affinity,
            HealthCheckNodePort = healthCheck,
        });
    }

    /// <summary>
    /// The condition words over the API's defaults (ready, serving, not terminating): not-ready and terminating
    /// each take readiness away and, as the API does for such an endpoint, serving with it, unless 'serving' says
    /// the endpoint still serves.
    /// </summary>
    private static ServiceEndpoint Endpoint(EndpointSyntax endpoint, int port)
    {
        var words = endpoint.Conditions;
        bool notReady = words.Contains(EndpointCondition.NotReady);
        bool terminating = words.Contains(EndpointCondition.Terminating);
        return new ServiceEndpoint(endpoint.Address.Address.Text, port)
        {
            Ready = !notReady && !terminating,
            Serving = words.Contains(EndpointCondition.Serving) || (!notReady && !terminating),
            Terminating = terminating,
            IsLocal = words.Contains(EndpointCondition.Local),
        };
    }

    private void Define(DefineSyntax define, ValueReader reader)
    {
        var at = reader.At(define.Name.At);
        RlDefinition definition;
        if (define.Addresses is { } addresses)
        {
            definition = new RlDefinition(define.Name.Text, RlDefinitionKind.Addresses, addresses.Select(a => a.Text).ToArray(), new Model.Values.PortSpan[0], at);
        }
        else
        {
            var spans = define.Ports!.Select(reader.Span).ToArray();
            if (spans.Any(s => s is null))
            {
                return;
            }
            definition = new RlDefinition(define.Name.Text, RlDefinitionKind.Ports, new string[0], spans.Select(s => s!.Value).ToArray(), at);
        }
        if (!Definitions.TryAdd(definition, out var existing))
        {
            Diagnostics.Report(DiagnosticCatalog.RlDefinitionTwice, at, define.Name.Text, existing!.Location.ToString());
        }
    }

    /// <summary>
    /// An include is read at its place in the file, so its statements come in file order; a file already read is
    /// not read again (a diamond of includes is fine), and a file that includes itself, directly or not, is a cycle.
    /// </summary>
    private void Include(IncludeSyntax include, ValueReader reader)
    {
        var at = reader.At(include.Path.At);
        string written = include.Path.Text;
        if (_sources is null)
        {
            Diagnostics.Report(DiagnosticCatalog.RlIncludeNotFound, at, written, "includes cannot be read here, as no source resolver was given");
            return;
        }
        string resolved;
        string? text;
        try
        {
            resolved = _sources.Resolve(reader.Path, written);
            int open = _includeStack.IndexOf(resolved);
            if (open >= 0)
            {
                var cycle = _includeStack.Skip(open).Concat(new[] { resolved });
                Diagnostics.Report(DiagnosticCatalog.RlIncludeCycle, at, written, string.Join(" → ", cycle.ToArray()));
                return;
            }
            if (_read.Contains(resolved))
            {
                return;
            }
            if (_includeStack.Count >= MaxIncludeDepth)
            {
                Diagnostics.Report(DiagnosticCatalog.RlIncludeNotFound, at, written, $"includes nest deeper than {MaxIncludeDepth} files");
                return;
            }
            text = _sources.TryRead(resolved, out string read) ? read : null;
        }
        catch (RlIncludeRefusedException refused)
        {
            // A refusal of the file as a whole is this include's (located nowhere by the resolver); a fault inside
            // the file (bytes that are not UTF-8) keeps its own line there.
            var diagnostic = refused.Diagnostic;
            Diagnostics.Add(diagnostic.Location == SourceLocation.None ? diagnostic with { Location = at } : diagnostic);
            return;
        }
        catch (Exception e)
        {
            // The resolver is the caller's code doing I/O; whatever it throws is this include's problem, not a crash.
            Diagnostics.Report(DiagnosticCatalog.RlIncludeNotFound, at, written, e.Message);
            return;
        }
        if (text is null)
        {
            Diagnostics.Report(DiagnosticCatalog.RlIncludeNotFound, at, written, $"there is no file {resolved}");
            return;
        }
        _read.Add(resolved);
        _includedFiles.Add(resolved);
        _includeStack.Add(resolved);
        FileParser.Parse(this, text, resolved, isMain: false);
        _includeStack.RemoveAt(_includeStack.Count - 1);
    }
}
