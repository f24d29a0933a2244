using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Backends.Iptables;
using RuleLang.Importers.Iptables;
using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.Tests.Kube.Upstream;

/// <summary>
/// Brings an iptables-restore text to the form kube-proxy's own tests compare (sortIPTablesRules in
/// pkg/proxy/iptables/proxier_test.go), after the few extra steps that hide only what the kernel stores the same:
/// <list type="number">
/// <item>kube-proxy's sort: tables by name; chains KUBE-NODEPORTS, KUBE-SERVICES, the other KUBE-* chains by name,
/// then the rest by name, each chain's rules after the declarations in that order; the rules of KUBE-NODEPORTS
/// and KUBE-SERVICES stably by the service name their comment starts with, nat KUBE-SERVICES' "must be the last
/// rule" rule last; every other chain keeps its order.</item>
/// <item>Extra: each rule is read (the iptables importer) and printed as iptables-save prints it (the iptables
/// back end's formatter). iptables-restore accepts a rule's options in any order and iptables-save prints them in
/// one: <c>-m tcp -p tcp -d 172.30.0.41 --dport 80</c> and <c>-d 172.30.0.41/32 -p tcp -m tcp --dport 80</c> are
/// one rule to the kernel, as are <c>--or-mark 0x4000</c> and <c>--set-xmark 0x4000/0x4000</c>, <c>--xor-mark
/// 0x4000</c> and <c>--set-xmark 0x4000/0x0</c>, and a probability of 0.5000000000 and 0.50000000000.</item>
/// <item>Extra: comment lines, built-in chain declarations, <c>-I</c> lines, rules appended to built-in chains,
/// and the chains named <c>{policy}-HOOK</c> with their rules are dropped: they are RuleLang's jumps from the
/// built-in chains into its own (it owns chains), where kube-proxy puts the same jumps with EnsureRule, outside
/// the restore text its tests compare.</item>
/// </list>
/// </summary>
internal static class KubeProxyDumpNormalizer
{
    private const string NodePorts = "KUBE-NODEPORTS";
    private const string Services = "KUBE-SERVICES";

    private static readonly HashSet<string> BuiltinChains = new(StringComparer.Ordinal)
    {
        "PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING",
    };

    /// <param name="text">An iptables-restore text.</param>
    /// <param name="ownJumpPrefix">The prefix of the policy's own jump chains ("{policy}-"), or null for kube-proxy's text.</param>
    public static string Normalize(string text, string? ownJumpPrefix)
    {
        var tables = new SortedDictionary<string, Table>(StringComparer.Ordinal);
        Table? table = null;
        var formatter = new RuleFormatter(IpFamily.IPv4);
        int lineNumber = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#') || line == "COMMIT" || line.StartsWith("-I ", StringComparison.Ordinal))
            {
                continue;
            }
            if (line.StartsWith('*'))
            {
                table = new Table(line.Substring(1));
                tables[table.Name] = table;
                continue;
            }
            if (table is null)
            {
                throw new FormatException($"line {lineNumber} comes before any *table: {line}");
            }
            if (line.StartsWith(':'))
            {
                string[] declaration = line.Substring(1).Split(' ');
                if (declaration[1] == "-" && !IsOwnJumpChain(declaration[0], ownJumpPrefix))
                {
                    table.Chains.Add(declaration[0]);
                }
                continue;
            }
            string chain = line.Split(' ')[1];
            if (BuiltinChains.Contains(chain) || IsOwnJumpChain(chain, ownJumpPrefix))
            {
                continue;
            }
            table.Rules.Add((chain, Canonical(line, table.Kind, formatter)));
        }
        var output = new StringBuilder();
        foreach (var t in tables.Values)
        {
            t.AppendSorted(output);
        }
        return output.ToString();
    }

    private static bool IsOwnJumpChain(string chain, string? prefix) =>
        prefix is not null && chain.StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>The rule as iptables-save prints it; the line as it was when the importer cannot read it (the comparison then shows it).</summary>
    private static string Canonical(string line, TableKind table, RuleFormatter formatter)
    {
        var parsed = IptablesRuleParser.ParseRule(line, table, new SourceLocation("expected", 1, 1));
        return parsed.Rule is { } rule && !parsed.Diagnostics.Any(d => d.IsError) ? formatter.Format(parsed.Chain, rule) : line;
    }

    /// <summary>orderByCommentServiceName's key: the comment up to its first space or colon.</summary>
    private static string ServiceName(string rule)
    {
        int at = rule.IndexOf("--comment ", StringComparison.Ordinal);
        if (at < 0)
        {
            return "";
        }
        string comment = rule.Substring(at + "--comment ".Length).TrimStart('"');
        int end = comment.IndexOfAny(new[] { ' ', ':', '"' });
        return end < 0 ? comment : comment.Substring(0, end);
    }

    private sealed class Table
    {
        public Table(string name)
        {
            Name = name;
            Kind = Enum.Parse<TableKind>(name, ignoreCase: true);
        }

        public string Name { get; }

        public TableKind Kind { get; }

        public List<string> Chains { get; } = new();

        public List<(string Chain, string Line)> Rules { get; } = new();

        public void AppendSorted(StringBuilder output)
        {
            var chains = Chains.Distinct().OrderBy(Rank).ThenBy(c => c, StringComparer.Ordinal).ToArray();
            output.Append('*').Append(Name).Append('\n');
            foreach (string chain in chains)
            {
                output.Append(':').Append(chain).Append(" - [0:0]\n");
            }
            foreach (string chain in chains)
            {
                var rules = Rules.Where(r => r.Chain == chain).Select(r => r.Line);
                if (chain is NodePorts or Services)
                {
                    // OrderBy is stable, as kube-proxy's sort.SliceStable.
                    rules = rules.OrderBy(r => r.Contains("must be the last rule", StringComparison.Ordinal))
                        .ThenBy(ServiceName, StringComparer.Ordinal);
                }
                foreach (string rule in rules)
                {
                    output.Append(rule).Append('\n');
                }
            }
            output.Append("COMMIT\n");
        }

        private static int Rank(string chain) => chain switch
        {
            NodePorts => 0,
            Services => 1,
            _ when chain.StartsWith("KUBE-", StringComparison.Ordinal) => 2,
            _ => 3,
        };
    }
}
