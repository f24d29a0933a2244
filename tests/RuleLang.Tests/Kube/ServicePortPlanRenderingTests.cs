using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RegexMatch = System.Text.RegularExpressions.Match;

namespace RuleLang.Tests.Kube;

/// <summary>
/// Services are planned once (<see cref="ServicePortPlan"/>) and rendered by each back end. For every kube-proxy
/// feature case, each service address (cluster IP, external IP, load balancer IP, NodePort) must lead to the
/// plan's endpoints, in the plan's order with the plan's shares, or meet the plan's no-endpoint verdict, both in
/// the iptables rendering (read back from the lowered chains, with the kernel's stored probabilities) and in the
/// compact nft rendering (read back from its maps; ClientIP affinity from its kube-proxy-shaped fallback chains).
/// </summary>
public class ServicePortPlanRenderingTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        KubePolicies.All().Select(p => new TestCaseData(p).SetArgDisplayNames(p.Name));

    [TestCaseSource(nameof(Cases))]
    public void Iptables_and_the_compact_layout_render_the_same_plan(PolicyDefinition definition)
    {
        var policy = definition.Build();
        var planned = FromPlan(policy);
        var iptables = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables, RulesetFormat.Ip6tables });
        var nft = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft }, NftServiceLayout.Compact);
        Assert.That(iptables.Succeeded && nft.Succeeded, Is.True, () => string.Join("\n", iptables.Diagnostics.Concat(nft.Diagnostics)));

        Assert.That(planned, Is.Not.Empty);
        Assert.That(Lines(FromIptables(iptables.Lowered!)), Is.EqualTo(Lines(planned)), "iptables");
        Assert.That(Lines(FromCompact(nft.Rulesets.Single().Text)), Is.EqualTo(Lines(planned)), "compact nft");
    }

    [Test]
    public void The_nft_back_end_renders_the_plan_without_the_iptables_lowering()
    {
        var references = typeof(NftServiceLayout).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        string project = System.IO.File.ReadAllText(System.IO.Path.Combine(
            Testing.RepoPaths.Root, "src", "RuleLang.Backends.Nftables", "RuleLang.Backends.Nftables.csproj"));

        Assert.That(references, Does.Not.Contain("RuleLang.Lowering"));
        Assert.That(project, Does.Not.Contain("RuleLang.Lowering"));
    }

    [Test]
    public void A_pick_takes_kube_proxys_printed_probability_and_a_share_of_one_in_n()
    {
        var endpoint = new ServiceEndpoint("10.0.0.1", 80);
        var picks = Enumerable.Range(0, 3).Select(i => new EndpointPick(endpoint, i, 3)).ToArray();

        Assert.That(picks.Select(p => p.Probability), Is.EqualTo(new double?[] { 0.3333333333, 0.5, null }));
        Assert.That(picks.Select(p => p.Share), Is.All.EqualTo(1.0 / 3));
    }

    private static string[] Lines(SortedDictionary<string, string> fates) => fates.Select(f => f.Key + " -> " + f.Value).ToArray();

    /// <summary>Where each service address leads: "picks: ENDPOINT SHARE, …" or its no-endpoint verdict.</summary>
    private static SortedDictionary<string, string> FromPlan(Policy policy)
    {
        var fates = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, ports) in ServicePortPlan.ByFamily(policy.Intents.OfType<ServiceIntent>(), policy.Cluster))
        {
            foreach (var plan in ports)
            {
                string Fate(IReadOnlyList<EndpointPick> picks, NoEndpointVerdict? verdict) =>
                    picks.Count > 0
                        ? Picks(picks.Select(p => (Endpoint(p.Endpoint.Address, p.Endpoint.Port), p.Share)))!
                        : Verdict(verdict == NoEndpointVerdict.Drop);
                fates[Key(plan.ClusterIp, plan.Protocol, plan.Port)] = Fate(plan.InternalPicks, plan.InternalNoEndpoints);
                foreach (string address in plan.ExternalIps.Concat(plan.LoadBalancerIps))
                {
                    fates[Key(address, plan.Protocol, plan.Port)] = Fate(plan.ExternalPicks, plan.ExternalNoEndpoints);
                }
                if (plan.NodePort is { } nodePort)
                {
                    fates[NodePortKey(plan.Family, plan.Protocol, nodePort)] = Fate(plan.ExternalPicks, plan.ExternalNoEndpoints);
                }
            }
        }
        return fates;
    }

    private static SortedDictionary<string, string> FromIptables(Policy lowered)
    {
        var fates = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var nat = lowered.FindTable(TableKind.Nat)!;
        var filter = lowered.FindTable(TableKind.Filter)!;
        foreach (var rule in Rules(nat, "KUBE-SERVICES"))
        {
            if (rule.Target is JumpTarget jump && Destination(rule) is { } address && DestinationPort(rule) is { } port)
            {
                Add(fates, Key(address, Protocol(rule), port), IptablesPicks(nat, jump.Chain, rule.Family!.Value));
            }
        }
        foreach (var rule in Rules(nat, "KUBE-NODEPORTS"))
        {
            Add(fates, NodePortKey(rule.Family!.Value, Protocol(rule), DestinationPort(rule)!.Value), IptablesPicks(nat, ((JumpTarget)rule.Target).Chain, rule.Family!.Value));
        }
        foreach (var chain in new[] { "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES" })
        {
            foreach (var rule in Rules(filter, chain).Where(r => r.Target is RejectTarget || r.Target == VerdictTarget.Drop))
            {
                string key = Destination(rule) is { } address
                    ? Key(address, Protocol(rule), DestinationPort(rule)!.Value)
                    : NodePortKey(rule.Family!.Value, Protocol(rule), DestinationPort(rule)!.Value);
                Add(fates, key, Verdict(rule.Target == VerdictTarget.Drop));
            }
        }
        return fates;
    }

    private static IEnumerable<Rule> Rules(Table table, string chain) => table.FindChain(chain)?.Rules ?? Enumerable.Empty<Rule>();

    /// <summary>
    /// A chain's endpoints and their shares: through KUBE-FW and KUBE-EXT to the policy chain, then its random
    /// cascade. Both families' rules share a chain name (the hash does not hold the family): only the family's count.
    /// </summary>
    private static string? IptablesPicks(Table nat, string chainName, IpFamily family)
    {
        var chain = nat.FindChain(chainName)! with { Rules = nat.FindChain(chainName)!.Rules.Where(r => r.Family is null || r.Family == family).ToArray() };
        if (chainName.StartsWith("KUBE-FW-", StringComparison.Ordinal))
        {
            return IptablesPicks(nat, chain.Rules.Select(r => r.Target).OfType<JumpTarget>().First().Chain, family);
        }
        if (chainName.StartsWith("KUBE-EXT-", StringComparison.Ordinal))
        {
            // The policy chain is the unconditional last jump; the conditional ones short-circuit pods and the node.
            var policy = chain.Rules.LastOrDefault(r => r.Matches.All(m => m is CommentMatch) && r.Target is JumpTarget { Chain: not "KUBE-MARK-MASQ" });
            return policy is null ? null : IptablesPicks(nat, ((JumpTarget)policy.Target).Chain, family);
        }
        var picks = new List<(string, double)>();
        double remaining = 1.0;
        foreach (var rule in chain.Rules)
        {
            if (rule.Target is not JumpTarget { Chain: var sep } || !sep.StartsWith("KUBE-SEP-", StringComparison.Ordinal)
                || rule.Matches.OfType<RecentMatch>().Any())
            {
                continue;
            }
            double p = rule.Matches.OfType<RandomMatch>().Select(r => NetfilterFacts.StatisticRandomProbability(r.Probability)).DefaultIfEmpty(1.0).Single();
            var dnat = nat.FindChain(sep)!.Rules.Where(r => r.Family is null || r.Family == family).Select(r => r.Target).OfType<DnatTarget>().Single();
            picks.Add((Endpoint(dnat.Address, dnat.Ports!.Value.Low), remaining * p));
            remaining *= 1 - p;
        }
        return Picks(picks);
    }

    private static SortedDictionary<string, string> FromCompact(string script)
    {
        var fates = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (RegexMatch table in Regex.Matches(script, @"^table (ip6?) \S+ \{\n(.*?)^\}$", RegexOptions.Multiline | RegexOptions.Singleline))
        {
            var family = table.Groups[1].Value == "ip" ? IpFamily.IPv4 : IpFamily.IPv6;
            string body = table.Groups[2].Value;
            foreach (var (key, verdict) in Elements(body, "service-ips").Select(Split))
            {
                string[] parts = key.Split(" . ");
                string chain = verdict.Replace("goto ", "");
                string map = chain is "cluster-ip" or "external" or "external-local" ? "endpoints" : "";
                Add(fates, Key(parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture)),
                    map.Length > 0 ? CompactPicks(body, map, key) : AffinityPicks(body, chain));
            }
            foreach (var (key, verdict) in Elements(body, "service-nodeports").Select(Split))
            {
                string[] parts = key.Split(" . ");
                string chain = verdict.Replace("goto ", "");
                Add(fates, NodePortKey(family, parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture)),
                    chain.StartsWith("nodeport", StringComparison.Ordinal) ? CompactPicks(body, "nodeport-endpoints", key) : AffinityPicks(body, chain));
            }
            foreach (var (key, verdict) in Elements(body, "no-endpoint-services").Select(Split))
            {
                string[] parts = key.Split(" . ");
                Add(fates, Key(parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture)), Verdict(verdict == "drop"));
            }
            foreach (var (key, verdict) in Elements(body, "no-endpoint-nodeports").Select(Split))
            {
                string[] parts = key.Split(" . ");
                Add(fates, NodePortKey(family, parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture)), Verdict(verdict == "drop"));
            }
        }
        return fates;
    }

    /// <summary>A key's elements in a picker map, KEY . i : address . port, in index order; each is picked 1 in n.</summary>
    private static string? CompactPicks(string body, string map, string key)
    {
        var endpoints = Elements(body, map).Select(Split).Where(e => e.Key.StartsWith(key + " . ", StringComparison.Ordinal))
            .OrderBy(e => int.Parse(e.Key.Substring(key.Length + 3), CultureInfo.InvariantCulture))
            .Select(e => e.Value.Split(" . ")).ToArray();
        return Picks(endpoints.Select(e => (Endpoint(e[0], int.Parse(e[1], CultureInfo.InvariantCulture)), 1.0 / endpoints.Length)));
    }

    /// <summary>ClientIP affinity's fallback: kube-proxy's chains, external- to its policy chain, then its numgen vmap.</summary>
    private static string? AffinityPicks(string body, string chain)
    {
        var rules = Chain(body, chain);
        if (chain.StartsWith("external-", StringComparison.Ordinal))
        {
            string? policy = rules.LastOrDefault(r => r.StartsWith("goto ", StringComparison.Ordinal));
            return policy is null ? null : AffinityPicks(body, policy.Substring("goto ".Length));
        }
        var endpoints = Regex.Matches(string.Join("\n", rules), @"^\s*\d+ : goto (\S+?),?$", RegexOptions.Multiline)
            .Select(m => Regex.Match(string.Join("\n", Chain(body, m.Groups[1].Value)), @"dnat to \[?([0-9a-f.:]+?)\]?:(\d+)$", RegexOptions.Multiline))
            .ToArray();
        return Picks(endpoints.Select(m => (Endpoint(m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)), 1.0 / endpoints.Length)));
    }

    private static IReadOnlyList<string> Chain(string body, string name)
    {
        var match = Regex.Match(body, "^\tchain " + Regex.Escape(name) + @" \{\n(.*?)^\t\}$", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.That(match.Success, Is.True, "chain " + name);
        return match.Groups[1].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    }

    /// <summary>The elements of a set or map, as written (comments included).</summary>
    private static IEnumerable<string> Elements(string body, string name)
    {
        var match = Regex.Match(body, @"^\t(?:map|set) " + Regex.Escape(name) + @" \{\n(.*?)^\t\}$", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.That(match.Success, Is.True, "set or map " + name);
        var elements = Regex.Match(match.Groups[1].Value, @"elements = \{ (.*) \}", RegexOptions.Singleline);
        return elements.Success ? elements.Groups[1].Value.Split(',').Select(e => e.Trim()) : Enumerable.Empty<string>();
    }

    private static (string Key, string Value) Split(string element)
    {
        string plain = Regex.Replace(element, @" comment ""[^""]*""", "");
        int colon = plain.IndexOf(" : ", StringComparison.Ordinal);
        return (plain.Substring(0, colon), plain.Substring(colon + 3));
    }

    /// <summary>Records a fate; a second one for the same key is kept beside the first, so that the comparison shows it.</summary>
    private static void Add(SortedDictionary<string, string> fates, string key, string? fate)
    {
        if (fate is null)
        {
            return;
        }
        fates[key] = fates.TryGetValue(key, out var first) ? first + " | " + fate : fate;
    }

    private static string? Destination(Rule rule) =>
        rule.Matches.OfType<AddressMatch>().Where(m => m.Side == AddressSide.Destination && !m.Negated).Select(m => m.Address).FirstOrDefault();

    private static int? DestinationPort(Rule rule) =>
        rule.Matches.OfType<PortMatch>().Where(m => m.Side == AddressSide.Destination).Select(m => (int?)m.Ports[0].Low).FirstOrDefault();

    private static string Protocol(Rule rule) => rule.Protocol.ToString().ToLowerInvariant();

    private static string Key(string address, string protocol, int port) =>
        $"{IpNetwork.Parse(address).AddressText} {protocol} {port.ToString(CultureInfo.InvariantCulture)}";

    private static string NodePortKey(IpFamily family, string protocol, int port) =>
        $"{family} NodePort {protocol} {port.ToString(CultureInfo.InvariantCulture)}";

    private static string Endpoint(string address, int port) => $"{IpNetwork.Parse(address).AddressText} {port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Shares to nine decimals: the kernel's 31-bit probabilities differ from 1/n by less than 2⁻³⁰.</summary>
    private static string? Picks(IEnumerable<(string Endpoint, double Share)> picks)
    {
        var list = picks.ToList();
        return list.Count == 0 ? null : "picks: " + string.Join(", ", list.Select(p => p.Endpoint + " " + p.Share.ToString("0.000000000", CultureInfo.InvariantCulture)));
    }

    private static string Verdict(bool drop) => drop ? "no endpoints: drop" : "no endpoints: reject";
}
