using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Importers.Iptables;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Intents;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Importers.Nftables;

/// <summary>
/// Imports `nft list ruleset` output into a policy, with the iptables importer's result type so that everything
/// downstream (the checker, the .rl and C# writers, `rulelang import`) is shared. Base chains become the built-in
/// chains of the iptables table with their type, hook and priority (<see cref="NftBaseChains"/>); regular chains
/// become user chains of the table whose chains jump to them (a chain named <c>filter_X</c>, as RuleLang names
/// them, is X again); tables of families ip, ip6 and inet are merged into one policy. Every line the model cannot
/// hold is reported with its path and line and listed in <see cref="DumpImportResult.Unimported"/>; none is dropped.
/// </summary>
public static class NftRulesetImporter
{
    /// <summary>True when the text reads as an nft ruleset: its first statement is a table, delete table or flush ruleset.</summary>
    public static bool LooksLikeNftRuleset(string text)
    {
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            return line.StartsWith("table ", StringComparison.Ordinal) || line.StartsWith("delete table ", StringComparison.Ordinal) || line == "flush ruleset";
        }
        return false;
    }

    public static DumpImportResult Import(string text, string path, string policyName)
    {
        var diagnostics = new List<PolicyDiagnostic>();
        var unimported = new List<UnimportedLine>();
        var tables = new NftRulesetReader(path, diagnostics, unimported).Read(text);
        var builder = new PolicyBuilder(diagnostics, unimported);
        foreach (var table in tables)
        {
            builder.Add(table);
        }
        var policy = new Policy(policyName, builder.Tables(), Array.Empty<Intent>(), new SourceLocation(path, 0, 0));
        return new DumpImportResult(policy, diagnostics, unimported.OrderBy(u => u.Location.Line).ToArray());
    }

    /// <summary>Collects the chains of every nft table into the model's tables.</summary>
    private sealed class PolicyBuilder
    {
        private readonly List<PolicyDiagnostic> _diagnostics;
        private readonly List<UnimportedLine> _unimported;
        private readonly Dictionary<TableKind, List<Chain>> _chains = new();

        public PolicyBuilder(List<PolicyDiagnostic> diagnostics, List<UnimportedLine> unimported)
        {
            _diagnostics = diagnostics;
            _unimported = unimported;
        }

        public IReadOnlyList<Table> Tables() =>
            _chains.OrderBy(c => c.Key).Select(c => new Table(c.Key, c.Value.ToArray())).ToArray();

        public void Add(NftTableText table)
        {
            if (table.Family is not ("ip" or "ip6" or "inet"))
            {
                Report(DiagnosticCatalog.UnsupportedNftStatement, table.Location, $"table {table.Family} {table.Name}", "RuleLang imports ip, ip6 and inet tables; its chains are left out");
                foreach (var chain in table.Chains)
                {
                    NotImported(chain, null, null);
                }
                return;
            }
            var placed = PlaceBaseChains(table);
            var regular = PlaceRegularChains(table, placed);
            IpFamily? tableFamily = table.Family switch { "ip" => IpFamily.IPv4, "ip6" => IpFamily.IPv6, _ => null };
            bool widens = false;
            bool drops = false;
            foreach (var (nft, kind, hook, name) in placed.Select(p => (p.Chain, p.Kind, (Hook?)p.Hook, NetfilterFacts.ChainName(p.Hook)))
                .Concat(regular.Select(r => (r.Chain, r.Kind, (Hook?)null, r.Name))))
            {
                string? Resolve(string target) =>
                    regular.FirstOrDefault(r => r.Kind == kind && r.Chain.Name == target) is { Chain: not null } found ? found.Name : null;
                var parser = new NftRuleParser(table.Family, Resolve);
                var rules = ImportRules(nft, kind, name, parser, tableFamily);
                widens |= tableFamily is not null && rules.Any(r => RuleFamily(r) is null);
                Verdict? policy = hook is null ? null : nft.Base!.Policy == "drop" ? Verdict.Drop : Verdict.Accept;
                drops |= policy == Verdict.Drop;
                ChainsOf(kind).Add(new Chain(name, hook, policy, rules, nft.Base?.Location ?? nft.Location));
            }
            if (widens)
            {
                bool v4 = tableFamily == IpFamily.IPv4;
                Report(DiagnosticCatalog.OneFamilyNftTable, table.Location, table.Family, table.Name, v4 ? "IPv4" : "IPv6", v4 ? "IPv6" : "IPv4",
                    drops ? $", and its drop policies make RuleLang emit an {(v4 ? "ip6tables" : "iptables")} ruleset too" : "");
            }
        }

        private List<Chain> ChainsOf(TableKind kind)
        {
            if (!_chains.TryGetValue(kind, out var list))
            {
                list = new List<Chain>();
                _chains[kind] = list;
            }
            return list;
        }

        private IReadOnlyList<Chain> Existing(TableKind kind) => _chains.TryGetValue(kind, out var list) ? list : Array.Empty<Chain>();

        private List<(NftChainText Chain, TableKind Kind, Hook Hook)> PlaceBaseChains(NftTableText table)
        {
            var placed = new List<(NftChainText, TableKind, Hook)>();
            foreach (var chain in table.Chains.Where(c => c.Base is not null))
            {
                var spec = chain.Base!;
                if (!NftBaseChains.TryMap(spec, out var kind, out var hook))
                {
                    Report(DiagnosticCatalog.MalformedNftRuleset, spec.Location, $"base chain {chain.Name} (type {spec.Type} hook {spec.Hook} priority {spec.PriorityText})",
                        "no iptables table has a chain there: RuleLang places a base chain by its type, hook and standard priority (raw, mangle, dstnat, filter, security, srcnat, or the nat numbers), and does not guess another; the chain is left out");
                    NotImported(chain, null, null);
                    continue;
                }
                if (Existing(kind).Any(c => c.Hook == hook) || placed.Any(p => p.Item2 == kind && p.Item3 == hook))
                {
                    Report(DiagnosticCatalog.UnsupportedNftStatement, spec.Location, $"a second {NetfilterFacts.TableName(kind)} {NetfilterFacts.ChainName(hook)} chain ({table.Family} {table.Name} {chain.Name})",
                        "nft runs both, and a packet one accepts still meets the other; the model has one chain per table and hook, so this one is left out");
                    NotImported(chain, kind, null);
                    continue;
                }
                placed.Add((chain, kind, hook));
            }
            return placed;
        }

        /// <summary>
        /// Each regular chain goes to the tables whose chains reach it through jumps and gotos, under its own name, or
        /// without the <c>table_</c> prefix RuleLang's back end gives it. A chain nothing reaches goes by that prefix,
        /// else to filter.
        /// </summary>
        private List<(NftChainText Chain, TableKind Kind, string Name)> PlaceRegularChains(NftTableText table, List<(NftChainText Chain, TableKind Kind, Hook Hook)> placed)
        {
            var regulars = table.Chains.Where(c => c.Base is null).ToDictionary(c => c.Name, StringComparer.Ordinal);
            var reached = new Dictionary<string, SortedSet<TableKind>>(StringComparer.Ordinal);
            foreach (var kind in placed.Select(p => p.Kind).Distinct())
            {
                var queue = new Queue<NftChainText>(placed.Where(p => p.Kind == kind).Select(p => p.Chain));
                while (queue.Count > 0)
                {
                    foreach (string target in JumpTargets(queue.Dequeue()))
                    {
                        if (regulars.TryGetValue(target, out var next) && (reached.TryGetValue(target, out var kinds) ? kinds : reached[target] = new SortedSet<TableKind>()).Add(kind))
                        {
                            queue.Enqueue(next);
                        }
                    }
                }
            }
            var result = new List<(NftChainText, TableKind, string)>();
            foreach (var chain in regulars.Values)
            {
                var prefixed = PrefixKind(chain.Name);
                var kinds = reached.TryGetValue(chain.Name, out var found) ? found : new SortedSet<TableKind> { prefixed ?? TableKind.Filter };
                foreach (var kind in kinds)
                {
                    string name = prefixed == kind ? chain.Name.Substring(NetfilterFacts.TableName(kind).Length + 1) : chain.Name;
                    bool builtinName = NetfilterFacts.TryParseHook(name, out var hook) && NetfilterFacts.HasBuiltinChain(kind, hook);
                    if (builtinName || Existing(kind).Any(c => c.Name == name) || result.Any(r => r.Item2 == kind && r.Item3 == name))
                    {
                        Report(DiagnosticCatalog.UnsupportedNftStatement, chain.Location, $"chain {chain.Name} of {table.Family} {table.Name} as {NetfilterFacts.TableName(kind)} chain {name}",
                            "that table already has a chain of this name (from another nft table, or a built-in chain); rename one");
                        NotImported(chain, kind, null);
                        continue;
                    }
                    result.Add((chain, kind, name));
                }
            }
            return result;
        }

        private static TableKind? PrefixKind(string name)
        {
            foreach (TableKind kind in Enum.GetValues(typeof(TableKind)))
            {
                string prefix = NetfilterFacts.TableName(kind) + "_";
                if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return kind;
                }
            }
            return null;
        }

        private static IEnumerable<string> JumpTargets(NftChainText chain)
        {
            foreach (var rule in chain.Rules)
            {
                for (int i = 0; i + 1 < rule.Tokens.Count; i++)
                {
                    if (rule.Tokens[i].Is("jump") || rule.Tokens[i].Is("goto"))
                    {
                        yield return rule.Tokens[i + 1].Text;
                    }
                }
            }
        }

        /// <summary>
        /// The chain's rules. A rule the line limits to one family (meta nfproto, ip dscp set, reject with icmp) is
        /// kept when its own tests or the table already give that family, and merged with the next line when that
        /// is the same rule for the other family (the back end splits a rule with a limit or a DSCP target so);
        /// otherwise the model, which limits a rule to a family only through what it tests, cannot hold it.
        /// </summary>
        private IReadOnlyList<Rule> ImportRules(NftChainText chain, TableKind kind, string name, NftRuleParser parser, IpFamily? tableFamily)
        {
            var parsed = chain.Rules.Select(line => (Line: line, Result: parser.Parse(line))).ToArray();
            var rules = new List<Rule>();
            for (int i = 0; i < parsed.Length; i++)
            {
                var (line, result) = parsed[i];
                if (result.Rule is not { } rule)
                {
                    _diagnostics.AddRange(result.Diagnostics);
                    _unimported.Add(new UnimportedLine(line.Location, kind, name, line.Text));
                    continue;
                }
                if (result.StatedFamily is { } stated && (RuleFamily(rule) ?? tableFamily) != stated)
                {
                    var twin = i + 1 < parsed.Length ? parsed[i + 1].Result : null;
                    if (RuleFamily(rule) is null && twin?.Rule is { } other && twin.StatedFamily is { } otherFamily && otherFamily != stated && SameRule(rule, other))
                    {
                        rules.Add(rule);
                        i++;
                        continue;
                    }
                    Report(DiagnosticCatalog.UnsupportedNftStatement, line.Location, $"a rule limited to {(stated == IpFamily.IPv4 ? "IPv4" : "IPv6")} by what it does, not by what it tests",
                        "the model keeps a rule to one family through its addresses or ICMP tests; name an address of that family, or write the rule for both families");
                    _unimported.Add(new UnimportedLine(line.Location, kind, name, line.Text));
                    continue;
                }
                rules.Add(rule);
            }
            return rules;
        }

        private static IpFamily? RuleFamily(Rule rule) =>
            rule.Matches.Select(m => m.Family).FirstOrDefault(f => f is not null) ?? rule.Target.Family;

        private static bool SameRule(Rule a, Rule b) =>
            a.Target.Equals(b.Target) && a.Matches.Count == b.Matches.Count && a.Matches.Zip(b.Matches).All(p => SameMatch(p.First, p.Second));

        /// <summary>Matches compare as records, except a port list, which a record compares by reference.</summary>
        private static bool SameMatch(Match a, Match b) => a is PortMatch p && b is PortMatch q
            ? p.Side == q.Side && p.Negated == q.Negated && p.Ports.SequenceEqual(q.Ports)
            : a.Equals(b);

        private void NotImported(NftChainText chain, TableKind? kind, string? name)
        {
            foreach (var line in new[] { chain.Header }.Concat(chain.Declarations).Concat(chain.Rules))
            {
                if (line is not null)
                {
                    _unimported.Add(new UnimportedLine(line.Location, kind, name, line.Text));
                }
            }
            if (chain.Base is { } spec)
            {
                _unimported.Add(new UnimportedLine(spec.Location, kind, name, "type " + spec.Type + " hook " + spec.Hook + " priority " + spec.PriorityText + "; policy " + spec.Policy + ";"));
            }
        }

        private void Report(DiagnosticDescriptor descriptor, SourceLocation location, params object[] args) =>
            _diagnostics.Add(PolicyDiagnostic.Create(descriptor, location, args));
    }
}
