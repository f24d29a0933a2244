using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Live;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Cli;

/// <summary>
/// rulelang status INPUT…: does the kernel still run what the policy emits? Only what the policy owns is read
/// (the tables its iptables rulesets name, the nft tables its script declares) and compared in a normal form
/// (counters and iptables-save's own comment lines out). Exit 0 when equal, 3 on drift, 1 when it cannot tell.
/// The report (text, or JSON with --format json) is stdout; diagnostics go to stderr.
/// </summary>
public sealed class StatusCommand
{
    public const int DriftExitCode = 3;

    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public StatusCommand(TextWriter output, TextWriter error)
    {
        _out = output;
        _error = error;
    }

    public int Run(IReadOnlyList<string> inputs, string? onlyPolicy, string? from, IReadOnlyCollection<RulesetFormat> formats, CompileSession session, string? netns, string format)
    {
        if (!LiveTargets.TryParse(netns, "status", _error, out var target))
        {
            return 1;
        }
        var policy = new LiveInputs(_error).Load(inputs, onlyPolicy, from, formats, session);
        if (policy is null || !LiveTargets.Applicable(policy, _error) || !LiveTargets.Preflight("status", policy, target, _error))
        {
            return 1;
        }
        var comparison = new LiveComparison(new HostCommandRunner(target));
        var results = new List<RulesetStatus>();
        string? semantic;
        try
        {
            foreach (var ruleset in policy.Rulesets)
            {
                var (wanted, live) = comparison.NormalForms(ruleset);
                results.Add(new RulesetStatus(ruleset, wanted == live ? null : LiveComparison.TextDiff(ruleset, wanted, live, "policy", "live")));
            }
            // What the kernel does that the policy does not, for the iptables families that drifted.
            semantic = results.Any(r => r.Diff is not null && r.Ruleset.Family != LiveFamily.Nft)
                ? comparison.SemanticDiff(policy with { Rulesets = results.Where(r => r.Diff is not null && r.Ruleset.Family != LiveFamily.Nft).Select(r => r.Ruleset).ToArray() }, fromLive: false)
                : null;
        }
        catch (LiveException e)
        {
            _error.WriteLine(PolicyDiagnostic.Create(DiagnosticCatalog.LiveReadFailed, new SourceLocation("rulelang status", 0, 0), target.Describe(), e.Message));
            return 1;
        }
        foreach (var drifted in results.Where(r => r.Diff is not null))
        {
            _error.WriteLine(PolicyDiagnostic.Create(DiagnosticCatalog.LiveRulesetDrifted, new SourceLocation(Path.Combine(policy.Origin, drifted.Ruleset.FileName), 0, 0),
                drifted.Ruleset.FileName, target.Describe(), Owned(drifted.Ruleset)));
        }
        if (format == "json")
        {
            WriteJson(policy, target, results, semantic);
        }
        else
        {
            WriteText(target, results, semantic);
        }
        return results.Any(r => r.Diff is not null) ? DriftExitCode : 0;
    }

    private void WriteText(LiveTarget target, IReadOnlyList<RulesetStatus> results, string? semantic)
    {
        foreach (var result in results)
        {
            _out.WriteLine($"{result.Ruleset.FileName}: {(result.Diff is null ? "in sync" : "drifted")} ({Owned(result.Ruleset)}, {target.Describe()})");
            _out.Write(result.Diff ?? "");
        }
        if (semantic is not null)
        {
            _out.WriteLine("what changes for traffic (policy -> live):");
            _out.Write(semantic);
        }
    }

    private void WriteJson(LivePolicy policy, LiveTarget target, IReadOnlyList<RulesetStatus> results, string? semantic)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("policy", policy.Name);
            json.WriteString("target", target.Netns is null ? "host" : "netns:" + target.Netns);
            json.WriteBoolean("inSync", results.All(r => r.Diff is null));
            json.WriteStartArray("rulesets");
            foreach (var result in results)
            {
                json.WriteStartObject();
                json.WriteString("file", result.Ruleset.FileName);
                json.WriteString("family", result.Ruleset.Family.ToString().ToLowerInvariant());
                json.WriteString("owns", Owned(result.Ruleset));
                json.WriteBoolean("inSync", result.Diff is null);
                if (result.Diff is { } diff)
                {
                    json.WriteString("diff", diff);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (semantic is not null)
            {
                json.WriteString("semanticDiff", semantic);
            }
            json.WriteEndObject();
        }
        _out.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        _out.WriteLine();
    }

    private static string Owned(LiveRuleset ruleset) => ruleset.Family == LiveFamily.Nft
        ? "nft tables " + string.Join(", ", NftScript.DeclaredTables(ruleset.Text))
        : (ruleset.Family == LiveFamily.Ip6tables ? "ip6tables" : "iptables") + " tables " + string.Join(", ", IptablesSave.TableNames(ruleset.Text));

    private sealed record RulesetStatus(LiveRuleset Ruleset, string? Diff);
}
