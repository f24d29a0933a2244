using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests.Properties;

/// <summary>What a ruleset is loaded with.</summary>
public enum RulesetTool
{
    IptablesRestore,
    Ip6tablesRestore,
    Nft,
}

/// <summary>One ruleset to load, and for nft the table its script replaces (listed back after the load).</summary>
public sealed record RulesetLoad(RulesetTool Tool, string Text, string? NftTable = null)
{
    public string ToolName => Tool switch
    {
        RulesetTool.IptablesRestore => "iptables-restore",
        RulesetTool.Ip6tablesRestore => "ip6tables-restore",
        _ => "nft -f",
    };
}

/// <summary>The kernel's answer for one ruleset: the tool's exit code and output, and what was saved or listed back.</summary>
public sealed record LoadOutcome(RulesetLoad Load, int ExitCode, string Output, string SavedBack)
{
    public bool Accepted => ExitCode == 0;
}

/// <summary>
/// One namespace reused for many cases, reset between them: <c>nft flush ruleset</c> removes every table, those of
/// iptables-nft included, so each case starts from nothing. A case's rulesets are loaded one after the other in a
/// single <c>ip netns exec</c> (a process start costs more than the loads), each followed by
/// <c>iptables-save</c>, <c>ip6tables-save</c> or <c>nft list table</c> when accepted.
/// </summary>
public sealed class KernelSlot : IDisposable
{
    private static readonly Regex Marker = new(@"^@@rl (\d+) (-?\d+)@@$", RegexOptions.CultureInvariant | RegexOptions.Multiline);
    private readonly string _dir;

    public KernelSlot(NetNamespace ns)
    {
        Namespace = ns;
        _dir = Path.Combine(Path.GetTempPath(), "rl-prop-" + ns.Name);
        Directory.CreateDirectory(_dir);
    }

    public NetNamespace Namespace { get; }

    /// <summary>Resets the namespace, loads each ruleset in turn and returns the kernel's answers, in order.</summary>
    public IReadOnlyList<LoadOutcome> Load(IReadOnlyList<RulesetLoad> loads)
    {
        var script = new StringBuilder("nft flush ruleset || exit 97\n");
        for (int i = 0; i < loads.Count; i++)
        {
            string file = Path.Combine(_dir, i.ToString(CultureInfo.InvariantCulture) + ".rules");
            File.WriteAllText(file, loads[i].Text, new UTF8Encoding(false));
            string n = i.ToString(CultureInfo.InvariantCulture);
            (string load, string save) = loads[i].Tool switch
            {
                RulesetTool.IptablesRestore => ($"iptables-restore < {Shell.Quote(file)}", "iptables-save"),
                RulesetTool.Ip6tablesRestore => ($"ip6tables-restore < {Shell.Quote(file)}", "ip6tables-save"),
                _ => ($"nft -f {Shell.Quote(file)}", $"nft list table inet {Shell.Quote(loads[i].NftTable ?? "")}"),
            };
            script.Append(CultureInfo.InvariantCulture, $"{load} 2>&1; rc=$?; echo \"@@rl {n} $rc@@\"; if [ $rc -eq 0 ]; then {save} 2>&1; fi; echo \"@@rl {n} -1@@\"\n");
        }

        ExecResult r = Namespace.Exec(script.ToString(), TimeSpan.FromSeconds(60));
        if (r.ExitCode == 97 || r.TimedOut)
        {
            throw new InvalidOperationException($"resetting or loading {Namespace.Name} failed: {r.Describe()}");
        }

        var outcomes = new LoadOutcome[loads.Count];
        MatchCollection marks = Marker.Matches(r.StdOut);
        int start = 0;
        int? pendingRc = null;
        string loadOutput = "";
        foreach (Match m in marks)
        {
            int index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            int code = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            string text = r.StdOut.Substring(start, m.Index - start);
            start = m.Index + m.Length + 1;
            if (code >= 0)
            {
                pendingRc = code;
                loadOutput = text;
            }
            else
            {
                outcomes[index] = new LoadOutcome(loads[index], pendingRc ?? -1, loadOutput.Trim(), text);
                pendingRc = null;
            }
        }

        for (int i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] is null)
            {
                throw new InvalidOperationException($"no answer for ruleset {i} in {Namespace.Name}: {r.Describe()}");
            }
        }

        return outcomes;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
