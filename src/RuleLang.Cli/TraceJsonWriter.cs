using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RuleLang.Analysis.Trace;
using RuleLang.Model.Netfilter;

namespace RuleLang.Cli;

/// <summary>rulelang trace --format json: the paths, their steps and the outcomes, for scripts and tests.</summary>
public static class TraceJsonWriter
{
    public static void Write(TraceResult result, TextWriter output, Func<string, string> displayPath)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("packet", TraceTextWriter.Describe(result.Packet));
            json.WriteStartArray("localAddresses");
            foreach (string address in result.LocalAddresses)
            {
                json.WriteStringValue(address);
            }
            json.WriteEndArray();
            json.WriteStartArray("outcomes");
            foreach (var outcome in result.Outcomes)
            {
                json.WriteStartObject();
                json.WriteNumber("probability", outcome.Probability);
                Outcome(json, outcome);
                json.WriteStartArray("paths");
                foreach (int path in outcome.Paths)
                {
                    json.WriteNumberValue(path + 1);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("paths");
            foreach (var path in result.Paths)
            {
                json.WriteStartObject();
                json.WriteNumber("probability", path.Probability);
                json.WriteStartArray("steps");
                foreach (var step in path.Steps)
                {
                    Step(json, step, displayPath);
                }
                json.WriteEndArray();
                json.WriteStartObject("outcome");
                Outcome(json, path.Outcome);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("assumptions");
            foreach (string note in result.Assumptions)
            {
                json.WriteStringValue(note);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        output.Write('\n');
    }

    private static void Outcome(Utf8JsonWriter json, TraceOutcome outcome)
    {
        json.WriteString("verdict", outcome.Verdict.ToString().ToLowerInvariant());
        json.WriteString("delivery", outcome.Delivery.ToString().ToLowerInvariant());
        json.WriteString("source", outcome.Source.ToString());
        if (outcome.SourcePort is { } sport)
        {
            json.WriteNumber("sourcePort", sport);
        }
        if (outcome.MasqueradeInterface is { } via)
        {
            json.WriteString("masqueradeInterface", via);
        }
        json.WriteString("destination", outcome.Destination.ToString());
        if (outcome.DestinationPort is { } dport)
        {
            json.WriteNumber("destinationPort", dport);
        }
        if (outcome.DestinationPortRange is { } range)
        {
            json.WriteString("destinationPortRange", range);
        }
        json.WriteNumber("mark", outcome.Mark);
    }

    private static void Step(Utf8JsonWriter json, TraceStep step, Func<string, string> displayPath)
    {
        json.WriteStartObject();
        json.WriteString("kind", step.Kind.ToString().ToLowerInvariant());
        if (step.Hook is { } hook)
        {
            json.WriteString("hook", NetfilterFacts.ChainName(hook));
        }
        if (step.Table is { } table)
        {
            json.WriteString("table", NetfilterFacts.TableName(table));
        }
        json.WriteString("chain", step.Chain);
        if (step.RuleNumber > 0)
        {
            json.WriteNumber("rule", step.RuleNumber);
        }
        if (step.Location.IsKnown)
        {
            json.WriteString("file", displayPath(step.Location.File));
            json.WriteNumber("line", step.Location.Line);
        }
        json.WriteString("action", step.Action);
        json.WriteNumber("depth", step.Depth);
        if (step.Branch is { } branch)
        {
            json.WriteNumber("branchProbability", branch);
        }
        if (step.Comment is { } comment)
        {
            json.WriteString("comment", comment);
        }
        json.WriteEndObject();
    }
}
