using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using RuleLang.KernelTests.Regressions;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.KernelTests.Properties;

/// <summary>
/// Prints a model policy as C# that builds it again with <c>RuleLang.Testing.M</c> (and the model's own
/// constructors where M has no helper), for a shrunk case to be read, pasted into a test and saved as a
/// regression (see <c>Regressions/</c>). Needs <c>using static RuleLang.Testing.M;</c> and the model namespaces.
/// </summary>
public static class ModelPrinter
{
    public static string Print(Policy policy, int indent = 0)
    {
        var sb = new StringBuilder();
        string pad = new(' ', indent);
        sb.Append("Policy(").Append(Str(policy.Name));
        foreach (var table in policy.Tables)
        {
            sb.Append(",\n").Append(pad).Append("    M.Table(TableKind.").Append(table.Kind);
            foreach (var chain in table.Chains)
            {
                sb.Append(",\n").Append(pad).Append("        ");
                if (chain.Hook is { } hook)
                {
                    sb.Append("Builtin(Hook.").Append(hook).Append(", Verdict.").Append(chain.Policy ?? Verdict.Accept);
                }
                else if (chain.Location.Line == InvalidCase.DefectLine)
                {
                    sb.Append("SavedCases.DefectChain(").Append(Str(chain.Name));
                }
                else
                {
                    sb.Append("User(").Append(Str(chain.Name));
                }

                foreach (var rule in chain.Rules)
                {
                    sb.Append(",\n").Append(pad).Append("            ").Append(Rule(rule));
                }

                sb.Append(')');
            }

            sb.Append(')');
        }

        return sb.Append(')').ToString();
    }

    public static string Rule(Rule rule)
    {
        var parts = new List<string>();
        if (rule.Location.Line == InvalidCase.DefectLine)
        {
            parts.Add(Num(InvalidCase.DefectLine));
        }

        parts.Add(Target(rule.Target));
        parts.AddRange(rule.Matches.Select(Match));
        return "Rule(" + string.Join(", ", parts) + ")";
    }

    public static string Match(Match match) => match switch
    {
        ProtocolMatch p => $"Proto(Protocol.{p.Protocol}{Not(p.Negated)})",
        AddressMatch { Side: AddressSide.Source } a => $"Src({Str(a.Address)}{Not(a.Negated)})",
        AddressMatch a => $"Dst({Str(a.Address)}{Not(a.Negated)})",
        InterfaceMatch { Side: InterfaceSide.In } i => $"In({Str(i.Name)}{Not(i.Negated)})",
        InterfaceMatch i => $"Out({Str(i.Name)}{Not(i.Negated)})",
        PortMatch { Negated: false, Ports.Count: > 0 } p when p.Ports.All(s => s.IsSingle) =>
            $"{(p.Side == AddressSide.Source ? "Sport" : "Dport")}({string.Join(", ", p.Ports.Select(s => Num(s.Low)))})",
        PortMatch p => $"new PortMatch(AddressSide.{p.Side}, new[] {{ {string.Join(", ", p.Ports.Select(Span))} }}, {Bool(p.Negated)})",
        ConntrackMatch c => $"State({States(c.States)}{Not(c.Negated)})",
        CommentMatch c => $"Comment({Str(c.Text)})",
        MarkMatch m => $"new MarkMatch({Hex(m.Value)}, {Hex(m.Mask)}, {Bool(m.Negated)})",
        AddressTypeMatch t => $"new AddressTypeMatch(AddressSide.{t.Side}, AddressType.{t.Type}, {Bool(t.Negated)})",
        RandomMatch r => $"new RandomMatch({r.Probability.ToString("R", CultureInfo.InvariantCulture)})",
        NthMatch n => $"new NthMatch({Num(n.Every)}, {Num(n.Packet)})",
        LimitMatch l => $"new LimitMatch({Num(l.Rate)}, RateUnit.{l.Unit}, {Num(l.Burst)})",
        IcmpTypeMatch i => $"new IcmpTypeMatch(IpFamily.{i.IcmpFamily}, {Num(i.Type)}, {(i.Code is { } code ? Num(code) : "null")})",
        _ => throw new NotSupportedException($"no printer for {match.GetType().Name}"),
    };

    public static string Target(Target target) => target switch
    {
        VerdictTarget { Verdict: VerdictKind.Accept } => "Accept",
        VerdictTarget { Verdict: VerdictKind.Drop } => "Drop",
        VerdictTarget => "Return",
        JumpTarget { IsGoto: true } j => $"Goto({Str(j.Chain)})",
        JumpTarget j => $"Jump({Str(j.Chain)})",
        RejectTarget r => $"new RejectTarget(RejectWith.{r.With})",
        LogTarget l => $"new LogTarget({(l.Prefix is null ? "null" : Str(l.Prefix))}, {Num(l.Level)})",
        MarkTarget m => $"new MarkTarget({Hex(m.Value)}, {Hex(m.Mask)})",
        ConnmarkTarget c => $"new ConnmarkTarget(ConnmarkMode.{c.Mode}, {Hex(c.Value)}, {Hex(c.Mask)})",
        NotrackTarget => "NotrackTarget.Instance",
        DscpTarget d => $"new DscpTarget({Num(d.Value)})",
        DnatTarget d => $"new DnatTarget({Str(d.Address)}, {OptionalSpan(d.Ports)})",
        SnatTarget s => $"new SnatTarget({Str(s.Address)}, {OptionalSpan(s.Ports)})",
        MasqueradeTarget m => $"new MasqueradeTarget({OptionalSpan(m.Ports)}, {Bool(m.RandomFully)})",
        RedirectTarget r => $"new RedirectTarget({Span(r.Ports)})",
        _ => throw new NotSupportedException($"no printer for {target.GetType().Name}"),
    };

    /// <summary>A C# regular string literal (escapes for '\', '"', control and non-ASCII characters).</summary>
    public static string Str(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '"':
                    sb.Append("\\\"");
                    break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private static string States(ConntrackStates states)
    {
        if (states == ConntrackStates.None)
        {
            return "ConntrackStates.None";
        }

        var names = new List<string>();
        foreach (ConntrackStates s in Enum.GetValues(typeof(ConntrackStates)))
        {
            if (s != ConntrackStates.None && (states & s) == s)
            {
                names.Add("ConntrackStates." + s);
            }
        }

        int known = names.Count == 0 ? 0 : names.Select(n => (int)Enum.Parse<ConntrackStates>(n.Substring("ConntrackStates.".Length))).Aggregate((a, b) => a | b);
        if (known != (int)states)
        {
            names.Add($"(ConntrackStates){Num((int)states & ~known)}");
        }

        return string.Join(" | ", names);
    }

    private static string Span(PortSpan s) => $"new PortSpan({Num(s.Low)}, {Num(s.High)})";

    private static string OptionalSpan(PortSpan? s) => s is { } span ? Span(span) : "null";

    private static string Not(bool negated) => negated ? ", not: true" : "";

    private static string Bool(bool b) => b ? "true" : "false";

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Hex(uint n) => "0x" + n.ToString("x", CultureInfo.InvariantCulture) + "u";
}
