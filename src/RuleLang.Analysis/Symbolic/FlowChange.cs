using System.Collections.Generic;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// Packets whose fate differs between two policies: a compact range, the kind of change ("newly accepted",
/// "newly dropped", "NAT target changed", "changed"), what happened before and after, and the rules responsible
/// on each side. Box is the range itself, which Region writes out.
/// </summary>
public sealed record FlowChange(
    string Kind,
    IpFamily Family,
    RegionText Region,
    string Before,
    string After,
    IReadOnlyList<RuleRef> BeforeRules,
    IReadOnlyList<RuleRef> AfterRules,
    PacketBox Box);
