using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.Text.Syntax;

namespace RuleLang.Text.Building;

/// <summary>
/// Makes the model's rules from a rule as written: matches in the order written, each at its keyword, and one
/// rule per address (or per same-family pair) where a definition names several.
/// </summary>
internal sealed class RuleMaker
{
    private readonly ValueReader _reader;
    private readonly DefinitionTable _definitions;

    public RuleMaker(ValueReader reader, DefinitionTable definitions)
    {
        _reader = reader;
        _definitions = definitions;
    }

    /// <summary>The rules, or none when something was reported.</summary>
    public IReadOnlyList<Rule> Make(IReadOnlyList<MatchSyntax> written, Target? target, SourceLocation at)
    {
        var slots = new List<Match[]>();
        var listNames = new List<string>();
        bool ok = target != null;
        var protocol = Protocol.All;
        foreach (var match in written)
        {
            var where = _reader.At(match.At);
            switch (match)
            {
                case ProtocolSyntax p:
                    if (p.Protocol == Protocol.All)
                    {
                        continue; // the DSL's Protocol(Protocol.All) adds no -p either
                    }
                    slots.Add(new Match[] { new ProtocolMatch(p.Protocol, p.Negated) { Location = where } });
                    protocol = protocol == Protocol.All && !p.Negated ? p.Protocol : protocol;
                    break;
                case AddressSyntax a:
                    var addresses = Addresses(a.Operand);
                    if (addresses is null)
                    {
                        ok = false;
                        break;
                    }
                    if (addresses.Count > 1 && a.Negated)
                    {
                        _reader.Diagnostics.Report(DiagnosticCatalog.RlNegatedAddressList, where,
                            a.Side == AddressSide.Source ? "saddr" : "daddr", a.Operand.Reference!.Text.Substring(1), addresses.Count);
                        ok = false;
                        break;
                    }
                    if (addresses.Count > 1)
                    {
                        listNames.Add(a.Operand.Reference!.Text);
                    }
                    slots.Add(addresses.Select(x => (Match)new AddressMatch(a.Side, x, a.Negated) { Location = where }).ToArray());
                    break;
                case PortSyntax p:
                    var ports = Ports(p.Operand);
                    if (ports is null)
                    {
                        ok = false;
                        break;
                    }
                    slots.Add(new Match[] { new PortMatch(p.Side, ports, p.Negated) { Location = where } });
                    break;
                case IcmpSyntax i:
                    var icmp = Icmp(i, protocol == Protocol.Icmpv6 ? IpFamily.IPv6 : IpFamily.IPv4);
                    if (icmp is null)
                    {
                        ok = false;
                        break;
                    }
                    slots.Add(new Match[] { icmp with { Location = where } });
                    break;
                case SetRefSyntax set:
                    if (SetTest(set, where) is not { } setMatch)
                    {
                        ok = false;
                        break;
                    }
                    slots.Add(new Match[] { setMatch });
                    break;
                case SimpleMatchSyntax s:
                    var built = s.Build(_reader);
                    if (built is null)
                    {
                        ok = false;
                        break;
                    }
                    slots.Add(new[] { built with { Location = where } });
                    break;
            }
        }
        if (!ok)
        {
            return new Rule[0];
        }
        var rules = new List<Rule>();
        Expand(slots, 0, new Match[slots.Count], null, target!, at, rules);
        if (rules.Count == 0)
        {
            _reader.Diagnostics.Report(DiagnosticCatalog.RlNoAddressPair, at, listNames[0], listNames[1]);
        }
        return rules;
    }

    /// <summary>The addresses an operand stands for, in order; null when reported.</summary>
    public IReadOnlyList<string>? Addresses(AddressOperand operand)
    {
        if (operand.Literal is { } literal)
        {
            return new[] { literal.Text };
        }
        var reference = operand.Reference!;
        var definition = Resolve(reference, RlDefinitionKind.Addresses);
        return definition?.Addresses;
    }

    private IReadOnlyList<PortSpan>? Ports(PortOperand operand)
    {
        if (operand.Spans is { } spans)
        {
            var result = new PortSpan[spans.Count];
            bool ok = true;
            for (int i = 0; i < spans.Count; i++)
            {
                if (_reader.Span(spans[i]) is { } span)
                {
                    result[i] = span;
                }
                else
                {
                    ok = false;
                }
            }
            return ok ? result : null;
        }
        return Resolve(operand.Reference!, RlDefinitionKind.Ports)?.Ports.ToArray();
    }

    private RlDefinition? Resolve(Tok reference, RlDefinitionKind kind)
    {
        string name = reference.Text.Substring(1);
        var at = _reader.At(reference.At);
        var definition = _definitions.Use(name, at);
        if (definition != null && definition.Kind != kind)
        {
            _reader.Diagnostics.Report(DiagnosticCatalog.RlDefinitionWrongKind, at, name, Describe(definition.Kind), Describe(kind));
            return null;
        }
        return definition;
    }

    /// <summary>
    /// A test of a set declared above (RL0422 otherwise): an address set after saddr/daddr, a port set after
    /// sport/dport (RL0423 otherwise), tied to the set's family as the C# DSL's handle ties it.
    /// </summary>
    private SetMatch? SetTest(SetRefSyntax set, SourceLocation where)
    {
        string keyword = (set.Ports ? (set.Side == AddressSide.Source ? "sport" : "dport") : (set.Side == AddressSide.Source ? "saddr" : "daddr"));
        if (!_definitions.Sets.TryGetValue(set.Name.Text, out var declared))
        {
            _reader.Diagnostics.Report(DiagnosticCatalog.RlUnknownSet, where, set.Name.Text);
            return null;
        }
        if (set.Ports != (declared.Type == Model.Sets.SetType.Port))
        {
            _reader.Diagnostics.Report(DiagnosticCatalog.RlSetWrongKind, where, set.Name.Text, declared.Type == Model.Sets.SetType.Port ? "ports" : "addresses", keyword,
                set.Ports ? "saddr or daddr" : "sport or dport");
            return null;
        }
        return new SetMatch(set.Name.Text, new[] { set.Side }, set.Negated, declared.Family) { Location = where };
    }

    private static string Describe(RlDefinitionKind kind) => kind == RlDefinitionKind.Addresses ? "addresses" : "ports";

    private IcmpTypeMatch? Icmp(IcmpSyntax icmp, IpFamily family)
    {
        if (icmp.IsName)
        {
            if (IcmpNames.TryFind(family, icmp.Type.Text, out int type, out int? code))
            {
                return new IcmpTypeMatch(family, type, code);
            }
            _reader.Diagnostics.Report(DiagnosticCatalog.RlUnknownIcmpType, _reader.At(icmp.Type.At), icmp.Type.Text,
                family == IpFamily.IPv6 ? "ICMPv6" : "ICMP");
            return null;
        }
        int? number = _reader.Int(icmp.Type, "ICMP type", 255);
        int? written = icmp.Code is { } c ? _reader.Int(c, "ICMP code", 255) : null;
        if (number is null || (icmp.Code != null && written is null))
        {
            return null;
        }
        return new IcmpTypeMatch(family, number.Value, written);
    }

    /// <summary>
    /// One rule per choice of address in each list; with several lists, only choices of one family, since a
    /// rule cannot mix IPv4 and IPv6.
    /// </summary>
    private static void Expand(List<Match[]> slots, int index, Match[] chosen, IpFamily? family, Target target, SourceLocation at, List<Rule> rules)
    {
        if (index == slots.Count)
        {
            rules.Add(new Rule((Match[])chosen.Clone(), target, at));
            return;
        }
        var slot = slots[index];
        foreach (var match in slot)
        {
            IpFamily? matchFamily = slot.Length > 1 ? FamilyOf(match) : null;
            if (family != null && matchFamily != null && matchFamily != family)
            {
                continue;
            }
            chosen[index] = match;
            Expand(slots, index + 1, chosen, family ?? matchFamily, target, at, rules);
        }
    }

    /// <summary>By its shape when it is not a valid address: the checker reports the address itself.</summary>
    private static IpFamily FamilyOf(Match match)
    {
        var address = (AddressMatch)match;
        return address.Family ?? (address.Address.IndexOf(':') >= 0 ? IpFamily.IPv6 : IpFamily.IPv4);
    }
}
