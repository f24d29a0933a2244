using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using RuleLang.Analysis.Lockout;
using RuleLang.Backends.Iptables;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;

namespace RuleLang.Cli;

/// <summary>
/// The lockout proof as apply runs it, before the kernel is touched: gathers the connections to keep (--keep,
/// SSH_CONNECTION, conntrack's established entries read inside the target namespace), proves each compiled
/// policy keeps them, prints the verdict to stderr and answers whether apply may go on. A failed proof stops
/// apply unless --force; a connection list that cannot be read (no conntrack tool or module) is a warning.
/// </summary>
public sealed class LockoutCheck
{
    private readonly TextWriter _error;
    private readonly HostTools _tools;
    private readonly Func<string, string?> _environment;

    public LockoutCheck(TextWriter error, HostTools tools, Func<string, string?>? environment = null)
    {
        _error = error;
        _tools = tools;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>The flows of the last run, for callers that report them (and tests).</summary>
    public IReadOnlyList<KeptFlow> Flows { get; private set; } = Array.Empty<KeptFlow>();

    /// <summary>True when apply may go on: every policy keeps every flow, or --force was given.</summary>
    public bool MayProceed(IReadOnlyList<Policy> policies, LockoutOptions options)
    {
        if (!TryGatherFlows(options, out var flows))
        {
            return false;
        }
        Flows = flows;
        var failed = new List<string>();
        var checkedFlows = new HashSet<KeptFlow>();
        foreach (var policy in policies)
        {
            var verdict = LockoutProof.Check(policy, flows);
            Report(policy, verdict);
            checkedFlows.UnionWith(verdict.Checked);
            if (!verdict.Kept)
            {
                failed.Add(policy.Name);
            }
        }
        if (failed.Count == 0)
        {
            int fromConntrack = checkedFlows.Count(f => !f.IsSession);
            int unfiltered = flows.Count - checkedFlows.Count;
            _error.WriteLine($"rulelang: lockout proof: {checkedFlows.Count} connection(s) kept ({checkedFlows.Count - fromConntrack} named, {fromConntrack} from conntrack)"
                + (unfiltered > 0 ? $"; {unfiltered} of an address family the policy emits no ruleset for, left as they are" : ""));
            return true;
        }
        return Forced(options, failed);
    }

    /// <summary>
    /// For a policy that cannot be read back to be proved (a rulesets folder of nft scripts alone, or one whose
    /// rulesets do not import): with no connection to keep there is nothing to prove; otherwise the proof is
    /// undecided, which counts as failed unless --force.
    /// </summary>
    public bool MayProceedUnproved(string policyName, SourceLocation where, string why, LockoutOptions options)
    {
        if (!TryGatherFlows(options, out var flows))
        {
            return false;
        }
        Flows = flows;
        if (flows.Count == 0)
        {
            _error.WriteLine("rulelang: lockout proof: no connection to keep (no --keep, SSH_CONNECTION or established connection)");
            return true;
        }
        _error.WriteLine(PolicyDiagnostic.Create(DiagnosticCatalog.LockoutProofUndecided, where, policyName, why));
        return Forced(options, new[] { policyName });
    }

    private bool Forced(LockoutOptions options, IReadOnlyCollection<string> failed)
    {
        if (options.Force)
        {
            _error.WriteLine(PolicyDiagnostic.Create(DiagnosticCatalog.LockoutProofForced, new SourceLocation("--force", 0, 0), "policy " + string.Join(", ", failed)));
            return true;
        }
        _error.WriteLine("rulelang: the lockout proof failed, so nothing was applied; fix the policy, or rerun with --force if you accept losing these connections");
        return false;
    }

    private bool TryGatherFlows(LockoutOptions options, out List<KeptFlow> flows)
    {
        flows = new List<KeptFlow>();
        bool understood = true;
        foreach (string text in options.Keep)
        {
            if (KeptFlow.TryParse(text, out var flow, out string problem))
            {
                flows.Add(flow);
            }
            else
            {
                _error.WriteLine(PolicyDiagnostic.Create(DiagnosticCatalog.KeptFlowNotUnderstood, new SourceLocation("--keep", 0, 0), Printable(problem), KeptFlow.Syntax));
                understood = false;
            }
        }
        var local = LocalAddresses();
        string? ssh = _environment("SSH_CONNECTION");
        if (!string.IsNullOrWhiteSpace(ssh))
        {
            if (KeptFlow.FromSshConnection(ssh) is not { } session)
            {
                _error.WriteLine(PolicyDiagnostic.Create(DiagnosticCatalog.SshConnectionNotUnderstood, new SourceLocation("SSH_CONNECTION", 0, 0), Printable(ssh!)));
            }
            else if (local is null || local.Contains(session.Server))
            {
                // A session into another namespace (the host's, when --netns names a container's) does not
                // pass this ruleset; one whose server address is here does.
                flows.Add(session);
            }
        }
        if (options.ReadConntrack)
        {
            var named = flows.ToArray();
            flows.AddRange(Conntrack(local).Where(f => !named.Any(k => Same(k, f))));
        }
        return understood;
    }

    /// <summary>A conntrack entry of the very connection already named (by SSH_CONNECTION or --keep) adds nothing.</summary>
    private static bool Same(KeptFlow named, KeptFlow entry) =>
        named.Protocol == entry.Protocol && named.Client.Equals(entry.Client) && named.Server.Equals(entry.Server)
        && named.ServerPort == entry.ServerPort && (named.ClientPort is null || named.ClientPort == entry.ClientPort) && !entry.Dnat;

    private IReadOnlyList<KeptFlow> Conntrack(IReadOnlyCollection<IPAddress>? local)
    {
        var flows = new List<KeptFlow>();
        // Both families asked for by name: older conntrack tools list IPv4 alone when none is given.
        foreach (string family in new[] { "ipv4", "ipv6" })
        {
            var arguments = new[] { "-L", "-f", family };
            var output = _tools.Run("conntrack", arguments);
            if (output is null)
            {
                Warn(_tools.Describe("conntrack", arguments), "the conntrack tool is not installed (apt-get install conntrack)");
                return flows;
            }
            if (!output.Succeeded)
            {
                // Without the nf_conntrack module (or its netlink interface) the listing fails; nothing is tracked to keep.
                Warn(_tools.Describe("conntrack", arguments), FirstLine(output.StdErr));
                continue;
            }
            flows.AddRange(ConntrackListing.ParseEstablished(output.StdOut, local));
        }
        return flows;
    }

    /// <summary>The target namespace's addresses (ip -o addr), or null when they cannot be read.</summary>
    private IReadOnlyCollection<IPAddress>? LocalAddresses()
    {
        var output = _tools.Run("ip", "-o", "addr", "show");
        if (output is not { Succeeded: true })
        {
            return null;
        }
        var addresses = new HashSet<IPAddress>();
        foreach (string line in output.StdOut.Split('\n'))
        {
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i + 1 < words.Length; i++)
            {
                if (words[i] is "inet" or "inet6" && KeptFlow.TryParseAddress(words[i + 1].Split('/')[0], out var address))
                {
                    addresses.Add(address);
                }
            }
        }
        return addresses;
    }

    private void Report(Policy policy, LockoutVerdict verdict)
    {
        if (verdict.Undecided is { } reason)
        {
            _error.WriteLine(PolicyDiagnostic.Create(DiagnosticCatalog.LockoutProofUndecided, policy.Location, policy.Name, reason));
        }
        foreach (var failure in verdict.Failures)
        {
            _error.WriteLine(PolicyDiagnostic.Create(DiagnosticCatalog.ConnectionWouldBeCut, Where(policy, failure),
                failure.Flow, failure.Flow.Origin, Packets(failure.Path), failure.Fate, Responsible(failure), failure.Counterexample));
        }
        foreach (var warning in verdict.Warnings)
        {
            _error.WriteLine(PolicyDiagnostic.Create(DiagnosticCatalog.NewSessionMayBeRefused, Where(policy, warning),
                warning.Flow, warning.Flow.Origin, warning.Fate, Responsible(warning), warning.Counterexample));
        }
    }

    private static SourceLocation Where(Policy policy, LockoutFailure failure) =>
        failure.Rule.Location.File.Length > 0 ? failure.Rule.Location : policy.Location;

    private static string Packets(LockoutPath path) => path switch
    {
        LockoutPath.Arriving => "its packets arriving in state ESTABLISHED are",
        LockoutPath.Replies => "this host's replies are",
        _ => "a new connection from the same client (the next login) is",
    };

    /// <summary>"filter INPUT rule 2: -A INPUT -p tcp -m tcp --dport 22 -j DROP", or "filter INPUT policy DROP".</summary>
    private static string Responsible(LockoutFailure failure)
    {
        var rule = failure.Rule;
        if (rule.Rule is not { } model)
        {
            return rule.Place + " " + (failure.Verdict == Analysis.Symbolic.FinalVerdict.Accept ? "ACCEPT" : "DROP");
        }
        return rule.Place + ": " + new RuleFormatter(failure.Flow.Family).Format(rule.Chain, model);
    }

    private void Warn(string command, string problem) =>
        _error.WriteLine(PolicyDiagnostic.Create(DiagnosticCatalog.ConntrackNotRead, new SourceLocation("conntrack", 0, 0), command, Printable(problem)));

    private static string FirstLine(string text)
    {
        string line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "it failed without saying why";
        return line;
    }

    /// <summary>Text from the environment or a tool, made safe to print: control characters shown as '?', at most 200 characters.</summary>
    private static string Printable(string text)
    {
        var chars = text.Take(200).Select(c => char.IsControl(c) ? '?' : c).ToArray();
        return new string(chars) + (text.Length > 200 ? "…" : "");
    }
}
