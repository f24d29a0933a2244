using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace RuleLang.KernelTests.Support;

/// <summary>Loading a ruleset into a namespace and proving that the kernel kept it as written.</summary>
internal static class KernelRulesets
{
    /// <summary>Restores <paramref name="text"/> (failing the test with the kernel's stderr when refused), then returns the saved tables.</summary>
    public static string ApplyAndSave(NetNamespace ns, string text, IpFamily family, string what)
    {
        AddNfacctCounters(ns, text);
        AddIpsets(ns, text, family);
        ExecResult restore = ns.RestoreIptables(text, family);
        Assert.That(restore.Success, Is.True, () => $"{Tool(family)} refused {what}: {restore.Describe()}\n{Numbered(text)}");
        return ns.SaveIptables(family);
    }

    /// <summary>
    /// Creates, in the namespace, the nfacct objects the text's <c>--nfacct-name</c> options name: the kernel refuses
    /// a rule that counts into an object that does not exist (kube-proxy creates its counters at start).
    /// </summary>
    /// <summary>
    /// Creates, in the namespace, the ipset sets the text's <c>--match-set NAME DIRECTIONS</c> options name, of the
    /// ruleset's family and with one value per direction: the kernel refuses a rule that tests a set that does not
    /// exist (fail2ban and firewalld make theirs before their rules).
    /// </summary>
    public static void AddIpsets(NetNamespace ns, string text, IpFamily family)
    {
        foreach (System.Text.RegularExpressions.Match set in System.Text.RegularExpressions.Regex.Matches(text, @"--match-set (\S+) (\S+)"))
        {
            string type = set.Groups[2].Value.Split(',').Length == 1 ? "hash:ip" : "hash:ip,port";
            string inet = family == IpFamily.V6 ? "inet6" : "inet";
            ns.Exec($"ipset create {set.Groups[1].Value} {type} family {inet} -exist").EnsureSuccess("ipset create " + set.Groups[1].Value);
        }
    }

    public static void AddNfacctCounters(NetNamespace ns, string text)
    {
        foreach (System.Text.RegularExpressions.Match name in System.Text.RegularExpressions.Regex.Matches(text, @"--nfacct-name (\S+)"))
        {
            string counter = name.Groups[1].Value.Trim('"');
            ExecResult list = ns.Exec("nfacct get " + counter);
            if (!list.Success)
            {
                ns.Exec("nfacct add " + counter).EnsureSuccess("nfacct add " + counter);
            }
        }
    }

    /// <summary>
    /// Requires the saved tables to have exactly the emitted tables, chains, policies and rule lines, in the
    /// same order within each chain (<see cref="IptablesText.RuleLines"/>); fails with a unified diff.
    /// </summary>
    public static void AssertRoundTrip(string emitted, string saved, string what)
    {
        IReadOnlyList<string> expected = IptablesText.RuleLines(emitted);
        IReadOnlyList<string> actual = IptablesText.RuleLines(saved);
        Assert.That(actual, Is.EqualTo(expected), () =>
            $"the kernel did not keep {what} in RuleLang's normal form (- emitted, + saved after restore):\n"
            + Diff(expected, actual)
            + $"\nsaved:\n{saved}");
    }

    /// <summary>Line diff of two RuleLines lists: '-' only emitted, '+' only saved, ' ' both.</summary>
    public static string Diff(IReadOnlyList<string> emitted, IReadOnlyList<string> saved)
    {
        DiffPaneModel model = InlineDiffBuilder.Diff(string.Join("\n", emitted), string.Join("\n", saved), ignoreWhiteSpace: false);
        return string.Join("\n", model.Lines.Select(l => l.Type switch
        {
            ChangeType.Deleted => "- " + l.Text,
            ChangeType.Inserted => "+ " + l.Text,
            _ => "  " + l.Text,
        }));
    }

    public static string Tool(IpFamily family) => family == IpFamily.V6 ? "ip6tables-restore" : "iptables-restore";

    /// <summary>The text with 1-based line numbers, as iptables-restore counts them in its "line N failed" errors.</summary>
    public static string Numbered(string text) =>
        string.Join("\n", text.TrimEnd('\n').Split('\n').Select((l, i) => $"{i + 1,4}: {l}"));
}
