using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// A trace as text, one line per step, indented by jump depth:
/// <c>nat PREROUTING  rule 1  ClusterNodePolicy.cs(18)  -j KUBE-SERVICES</c>. The first path is printed whole;
/// each further path from the step where it parts from the one before, then the outcomes with their
/// probabilities and the assumptions the trace made.
/// </summary>
public static class TraceTextWriter
{
    public static string Write(TraceResult result)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(result, writer);
        return writer.ToString();
    }

    /// <param name="displayPath">How to show a source file's path (the CLI shows it relative to the current folder).</param>
    public static void Write(TraceResult result, TextWriter output, Func<string, string>? displayPath = null)
    {
        displayPath ??= path => path;
        output.WriteLine("packet: " + Describe(result.Packet));
        IReadOnlyList<TraceStep>? previous = null;
        for (int i = 0; i < result.Paths.Count; i++)
        {
            var path = result.Paths[i];
            int common = previous is null ? 0 : CommonPrefix(previous, path.Steps);
            if (result.Paths.Count > 1)
            {
                output.WriteLine();
                output.WriteLine(i == 0
                    ? $"path 1 of {result.Paths.Count} ({Percent(path.Probability)}):"
                    : $"path {i + 1} of {result.Paths.Count} ({Percent(path.Probability)}), the same as path {i} up to its step {common}, then:");
            }
            for (int s = common; s < path.Steps.Count; s++)
            {
                output.WriteLine(Line(path.Steps[s], displayPath));
            }
            output.WriteLine("  => " + Outcome(path.Outcome));
            previous = path.Steps;
        }
        output.WriteLine();
        output.WriteLine("outcomes:");
        foreach (var outcome in result.Outcomes)
        {
            output.WriteLine($"  {Percent(outcome.Probability),8}  {Outcome(outcome)}");
        }
        if (result.Assumptions.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("assumed:");
            foreach (string note in result.Assumptions)
            {
                output.WriteLine("  " + note);
            }
        }
    }

    public static string Line(TraceStep step, Func<string, string>? displayPath = null)
    {
        string indent = new string(' ', 2 + (step.Depth * 2));
        if (step.Kind == TraceStepKind.Note)
        {
            return $"{indent}{step.Chain}: {step.Action}";
        }
        string table = step.Table is { } t ? NetfilterFacts.TableName(t) : "";
        string where = step.Kind switch
        {
            TraceStepKind.Policy => "policy",
            TraceStepKind.Return => "end",
            _ => "rule " + step.RuleNumber.ToString(CultureInfo.InvariantCulture),
        };
        string location = step.Location.IsKnown ? $"{(displayPath ?? (f => f))(step.Location.File)}({step.Location.Line.ToString(CultureInfo.InvariantCulture)})  " : "";
        string branch = step.Branch is { } p ? $"  [{Percent(p)}]" : "";
        string comment = step.Comment is { } c ? $"  \"{c}\"" : "";
        return $"{indent}{table} {step.Chain}  {where}  {location}{step.Action}{branch}{comment}";
    }

    public static string Outcome(TraceOutcome outcome)
    {
        string verdict = outcome.Verdict switch
        {
            TraceVerdict.Accepted => outcome.Delivery switch
            {
                TraceDelivery.Local => "ACCEPT, delivered to this host",
                TraceDelivery.Forwarded => "ACCEPT, forwarded",
                _ => "ACCEPT, sent",
            },
            TraceVerdict.Dropped => "DROP",
            _ => "REJECT",
        };
        string mark = outcome.Mark != 0 ? $", mark 0x{outcome.Mark.ToString("x", CultureInfo.InvariantCulture)}" : "";
        return $"{verdict}: {outcome.SourceText} -> {outcome.DestinationText}{mark}";
    }

    public static string Percent(double probability)
    {
        string text = (probability * 100).ToString("0.#########", CultureInfo.InvariantCulture);
        return text + "%";
    }

    public static string Describe(PacketSpec packet)
    {
        string protocol = packet.Protocol.ToString().ToLowerInvariant();
        string text = $"{protocol} {Endpoints.Format(packet.Source, packet.SourcePort?.ToString(CultureInfo.InvariantCulture))} -> {Endpoints.Format(packet.Destination, packet.DestinationPort?.ToString(CultureInfo.InvariantCulture))}";
        if (packet.IcmpType is { } type)
        {
            text += $" type {type.ToString(CultureInfo.InvariantCulture)}" + (packet.IcmpCode is { } code ? "/" + code.ToString(CultureInfo.InvariantCulture) : "");
        }
        text += packet.FromLocal ? " from local" : $" iif {packet.InInterface}";
        if (packet.OutInterface is { } oif)
        {
            text += " oif " + oif;
        }
        text += " state " + TraceRun.StateText(packet.State).ToLowerInvariant();
        if (packet.Mark != 0)
        {
            text += $" mark 0x{packet.Mark.ToString("x", CultureInfo.InvariantCulture)}";
        }
        return text;
    }

    private static int CommonPrefix(IReadOnlyList<TraceStep> a, IReadOnlyList<TraceStep> b)
    {
        int n = 0;
        while (n < a.Count && n < b.Count && a[n] == b[n])
        {
            n++;
        }
        return n;
    }

}
