using System.Collections.Generic;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using Sprache;

namespace RuleLang.Text.Syntax;

/// <summary>One statement as written, at its first keyword.</summary>
internal abstract record StatementSyntax(Position At);

internal sealed record PolicyLineSyntax(Tok Name, Position At) : StatementSyntax(At);

internal sealed record IncludeSyntax(Tok Path, Position At) : StatementSyntax(At);

/// <summary>define NAME = value: Addresses or Ports is set, by the shape of the value.</summary>
internal sealed record DefineSyntax(Tok Name, IReadOnlyList<Tok>? Addresses, IReadOnlyList<Tok>? Ports, Position At) : StatementSyntax(At);

internal sealed record AllowSyntax(IReadOnlyList<MatchSyntax> Matches, Position At) : StatementSyntax(At);

internal sealed record RedirectSyntax(Protocol Protocol, Tok From, Tok To, Tok? InInterface, Position At) : StatementSyntax(At);

internal sealed record ForwardSyntax(Protocol Protocol, Tok Port, Tok? InInterface, HostPort To, Position At) : StatementSyntax(At);

internal sealed record MasqueradeSyntax(Tok? OutInterface, AddressOperand? Source, Position At) : StatementSyntax(At);

internal sealed record ServiceSyntax(
    Tok Namespace, Tok Name, Tok? PortName, Protocol Protocol, HostPort ClusterAddress, IReadOnlyList<ServiceOptionSyntax> Options,
    IReadOnlyList<EndpointSyntax> Endpoints, Position At) : StatementSyntax(At);

internal enum ServiceOptionKind
{
    NodePort,
    HealthCheckNodePort,
    ExternalIps,
    LoadBalancerIps,
    LoadBalancerSourceRanges,
    ExternalPolicy,
    InternalPolicy,
    Affinity,
}

/// <summary>One setting of a service statement: a number (Value), an address list (List) or a traffic policy.</summary>
internal sealed record ServiceOptionSyntax(ServiceOptionKind Kind, Tok? Value, IReadOnlyList<Tok>? List, Model.Intents.TrafficPolicy? Policy, Position At);

internal enum EndpointCondition
{
    Local,
    NotReady,
    Terminating,
    Serving,
}

/// <summary>An endpoint and the condition words after it.</summary>
internal sealed record EndpointSyntax(HostPort Address, IReadOnlyList<EndpointCondition> Conditions);

/// <summary>
/// assert "NAME" matches… dropped | accepted | reaches only TARGETS | never reaches port PORT. Targets are
/// addresses with an optional port (Port null: any port).
/// </summary>
internal sealed record AssertSyntax(Tok Name, IReadOnlyList<MatchSyntax> Matches, Model.Assertions.AssertionKind Kind,
    IReadOnlyList<(Tok Address, Tok? Port)> Targets, Tok? Port, Position At) : StatementSyntax(At);

internal sealed record ClusterNodeIpSyntax(Tok Address, Position At) : StatementSyntax(At);

internal sealed record ClusterNodePortAddressSyntax(Tok Cidr, Position At) : StatementSyntax(At);

internal enum ClusterSwitch
{
    MasqueradeAll,
    LocalhostNodePorts,
    RandomFully,
    NfacctCounters,
}

internal sealed record ClusterSwitchSyntax(ClusterSwitch Setting, bool On, Position At) : StatementSyntax(At);

internal sealed record ClusterCidrSyntax(Tok Cidr, Position At) : StatementSyntax(At);

/// <summary>cluster service-cidr ADDRESS: kube-proxy's service CIDR of one family (one line per family).</summary>
internal sealed record ClusterServiceCidrSyntax(Tok Cidr, Position At) : StatementSyntax(At);

internal sealed record ClusterMasqueradeBitSyntax(Tok Bit, Position At) : StatementSyntax(At);

/// <summary>table NAME {: opens a table block.</summary>
internal sealed record TableHeaderSyntax(TableKind Table, Position At) : StatementSyntax(At);

/// <summary>chain NAME [policy accept|drop] {: opens a chain block.</summary>
internal sealed record ChainHeaderSyntax(Tok Name, Verdict? Policy, Position At) : StatementSyntax(At);

/// <summary>A '}' alone: closes the innermost block.</summary>
internal sealed record CloseBlockSyntax(Position At) : StatementSyntax(At);

internal sealed record RuleSyntax(IReadOnlyList<MatchSyntax> Matches, ActionSyntax Action, Position At) : StatementSyntax(At);

/// <summary>address:port, the address without brackets.</summary>
internal sealed record HostPort(Tok Address, Tok Port);

/// <summary>owns tables | owns chains [jumps PLACEMENT] [prefix NAME] (docs/ownership.md).</summary>
internal sealed record OwnsSyntax(Model.Ownership Ownership, Model.JumpPlacement? Jumps, Tok? Prefix, Position At) : StatementSyntax(At);

/// <summary>external NAME | external { NAME, … }: chains another owner creates.</summary>
internal sealed record ExternalSyntax(IReadOnlyList<Tok> Chains, Position At) : StatementSyntax(At);

/// <summary>place TABLE CHAIN PLACEMENT: where the jump into one built-in chain goes.</summary>
internal sealed record PlaceSyntax(TableKind Table, Tok Chain, Model.JumpPlacement Placement, Position At) : StatementSyntax(At);
