using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.KernelTests.Harness;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Testing;
using ModelFamily = RuleLang.Model.Netfilter.IpFamily;

namespace RuleLang.KernelTests;

/// <summary>
/// iptables' own translation vectors (extensions/*.txlate of iptables 1.8.11: an iptables command and the nft rule
/// iptables-translate makes of it; GPL data, read from ../shared/peers-corpus and never copied into this repository).
/// For each vector RuleLang can express (the importer parses the command, the checker accepts the rule in the
/// built-in chain of the vector's table and the nft back end prints it), the rule is compiled as a one-rule policy
/// to nft, both the vector's nft and ours are loaded into a fresh namespace, listed back by nft, and the two listed
/// rules must be the same after <see cref="Normalise"/>. A vector RuleLang expresses but translates differently fails.
/// <para>
/// A vector without a target (iptables only counts packets with it; RuleLang imports it as such, but its nft back end
/// does not write counting rules yet, RL3101) is
/// compared with <c>-j ACCEPT</c> added to the command and <c>accept</c> to the expected rule: the matches are what
/// is being compared, and accept is the same verdict on both sides.
/// </para>
/// </summary>
[TestFixture]
public sealed class TxlateVectorTests : KernelTestBase
{
    private const string PolicyName = "txlate";
    private const string VectorTable = "vt";

    private static readonly ConcurrentDictionary<string, (Outcome Outcome, string Detail)> Results = new();

    public enum Outcome
    {
        Equal,
        Different,
        NotExpressible,
        NotIptables,
    }

    public sealed record Vector(string File, int Line, string Command, IReadOnlyList<string> Expected)
    {
        public string Id => $"{File}:{Line}";

        public override string ToString() => Id;
    }

    public static string CorpusFolder => Path.Combine(RepoPaths.Root, "..", "shared", "peers-corpus", "iptables-1.8.11", "extensions");

    public static IEnumerable<TestCaseData> Vectors()
    {
        if (!Directory.Exists(CorpusFolder))
        {
            yield return new TestCaseData((Vector?)null).SetArgDisplayNames("peers corpus absent");
            yield break;
        }
        // arptables and ebtables vectors are not RuleLang's business: counted in the summary, not made tests.
        foreach (var vector in ReadVectors().Where(IsIptablesVector))
        {
            yield return new TestCaseData(vector).SetArgDisplayNames(vector.Id);
        }
    }

    /// <summary>
    /// Vectors whose nft text this machine's nft (1.0.6) stores as something else, so there is nothing sound to compare
    /// with: each is checked by hand, with what the kernel lists back for the vector and for RuleLang's own line.
    /// </summary>
    private static readonly Dictionary<string, string> NftMisreadsTheVector = new(StringComparer.Ordinal)
    {
        ["libxt_conntrack.txlate:19"] = "nft 1.0.6 lists the vector's family-less `ct original saddr 10.100.0.0/16` back as `ct original ip saddr 0.0.10.100` (the prefix in the wrong byte order); RuleLang writes `ct original ip saddr 10.100.0.0/16`, which lists back as written",
    };

    /// <summary>
    /// Vectors where iptables-translate is looser than the kernel's iptables match and RuleLang writes the exact form:
    /// the test then holds RuleLang to that form (normalised as the comparison normalises it), so it still fails if
    /// either side changes.
    /// </summary>
    private static readonly Dictionary<string, (string Ours, string Why)> TranslatorIsLooser = new(StringComparer.Ordinal)
    {
        ["libxt_conntrack.txlate:46"] = ("ct expiration 3s-3s accept",
            "xt_conntrack's --ctexpire 3 compares whole seconds left, so it matches 3000-3999 ms; iptables-translate's `ct expiration 3` is exactly 3000 ms. RuleLang writes the range, which nft 1.0.6 lists as `3s-3s`"),
    };

    private static bool IsIptablesVector(Vector vector) =>
        vector.Command.Split(' ', 2)[0] is "iptables-translate" or "iptables" or "ip6tables-translate" or "ip6tables";

    /// <summary>Pairs of a command line and the `nft …` line(s) after it; `#` lines are comments, blank lines separate.</summary>
    public static IEnumerable<Vector> ReadVectors()
    {
        foreach (string path in Directory.GetFiles(CorpusFolder, "*.txlate").Order(StringComparer.Ordinal))
        {
            string file = Path.GetFileName(path);
            string[] lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("nft ", StringComparison.Ordinal))
                {
                    continue;
                }
                var expected = new List<string>();
                for (int j = i + 1; j < lines.Length && lines[j].StartsWith("nft ", StringComparison.Ordinal); j++)
                {
                    expected.Add(lines[j]);
                }
                yield return new Vector(file, i + 1, line, expected);
            }
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public void Vector_means_the_same_in_RuleLangs_nft(Vector? vector)
    {
        if (vector is null)
        {
            Assert.Ignore($"The peers corpus (iptables' .txlate vectors) is not at {CorpusFolder}; nothing to compare.");
            return;
        }
        if (NftMisreadsTheVector.TryGetValue(vector.Id, out string? why))
        {
            Assert.Ignore(why);
            return;
        }
        var (outcome, detail) = Compare(vector);
        if (TranslatorIsLooser.TryGetValue(vector.Id, out var looser))
        {
            Assert.That(outcome, Is.EqualTo(Outcome.Different), looser.Why);
            Assert.That(detail, Does.Contain("normalised ours:     " + looser.Ours + "\n"), looser.Why);
            Results[vector.Id] = (Outcome.Different, detail + " (deliberately: " + looser.Why + ")");
            return;
        }
        Results[vector.Id] = (outcome, detail);
        TestContext.Out.WriteLine($"{vector.Id}: {outcome}: {detail}");
        switch (outcome)
        {
            case Outcome.Different:
                Assert.Fail($"{vector.Command}\nRuleLang expresses it, but its nft means something else:\n{detail}");
                break;
            case Outcome.NotIptables:
                Assert.Ignore($"not an iptables or ip6tables vector: {vector.Command}");
                break;
            default:
                Assert.Pass($"{outcome}: {detail}");
                break;
        }
    }

    [OneTimeTearDown]
    public void PrintSummary()
    {
        if (Results.IsEmpty)
        {
            return;
        }
        int iptables = Results.Values.Count(r => r.Outcome != Outcome.NotIptables);
        int total = iptables + ReadVectors().Count(v => !IsIptablesVector(v));
        int expressible = Results.Values.Count(r => r.Outcome is Outcome.Equal or Outcome.Different);
        int equal = Results.Values.Count(r => r.Outcome == Outcome.Equal);
        int withTarget = Results.Values.Count(r => r.Outcome is Outcome.Equal or Outcome.Different && r.Detail.Contains("(-j ACCEPT added)", StringComparison.Ordinal));
        var summary = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"txlate vectors: {total} total, {iptables} iptables/ip6tables, {expressible} expressible by RuleLang ({withTarget} of them with -j ACCEPT added), {equal} equal, {expressible - equal} different, {iptables - expressible} not expressible");
        foreach (var (id, (outcome, detail)) in Results.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            summary.AppendLine(CultureInfo.InvariantCulture, $"  {id}: {outcome}: {detail}");
        }
        // Progress shows with `--logger "console;verbosity=normal"`; the file keeps it for a quiet run.
        TestContext.Progress.Write(summary.ToString());
        File.WriteAllText(Path.Combine(TestContext.CurrentContext.WorkDirectory, "txlate-summary.txt"), summary.ToString());
        Results.Clear();
    }

    private (Outcome, string) Compare(Vector vector)
    {
        string[] words = vector.Command.Split(' ', 2);
        ModelFamily family;
        switch (words[0])
        {
            case "iptables-translate":
            case "iptables":
                family = ModelFamily.IPv4;
                break;
            case "ip6tables-translate":
            case "ip6tables":
                family = ModelFamily.IPv6;
                break;
            default:
                return (Outcome.NotIptables, words[0]);
        }
        string command = words.Length > 1 ? words[1] : "";
        var location = new SourceLocation(vector.File, vector.Line, words[0].Length + 2);
        var parsed = IptablesRuleParser.ParseRule(command, TableKind.Filter, location, family);
        bool targetAdded = false;
        if (parsed.Succeeded && parsed.Rule!.Target is NoTarget)
        {
            parsed = IptablesRuleParser.ParseRule(command + " -j ACCEPT", TableKind.Filter, location, family);
            targetAdded = true;
        }
        if (!parsed.Succeeded)
        {
            return (Outcome.NotExpressible, Describe(parsed.Diagnostics));
        }
        if (vector.Expected.Count != 1 || !TryRuleBody(vector.Expected[0], out string vectorFamily, out string body))
        {
            return (Outcome.Different, $"the parser accepts the command, but the vector's nft is not one rule: {string.Join(" | ", vector.Expected)}");
        }
        if (targetAdded)
        {
            // The verdict goes before a rule's comment, which nft takes last.
            var comment = Regex.Match(body, @" comment ""[^""]*""$", RegexOptions.CultureInvariant);
            body = comment.Success ? body.Substring(0, comment.Index) + " accept" + comment.Value : body + " accept";
        }

        // The vector names built-in chains in any case (`-A prerouting`); RuleLang puts the rule in that built-in chain.
        if (!NetfilterFacts.TryParseHook(parsed.Chain.ToUpperInvariant(), out Hook hook) || !NetfilterFacts.HasBuiltinChain(parsed.Table, hook))
        {
            return (Outcome.NotExpressible, $"chain {parsed.Chain} is not a built-in chain of table {NetfilterFacts.TableName(parsed.Table)}");
        }
        var rule = parsed.Rule!;
        var chains = new List<Chain> { M.Builtin(hook, rule) };
        if (rule.Target is JumpTarget jump)
        {
            chains.Add(M.User(jump.Chain));
        }
        var policy = M.Policy(PolicyName, M.Table(parsed.Table, chains.ToArray()));
        var compiled = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });
        if (!compiled.Succeeded)
        {
            return (Outcome.NotExpressible, Describe(compiled.Diagnostics.Where(d => d.IsError)));
        }

        NetNamespace ns = CreateNamespace("txlate");
        string ours = compiled.Rulesets.Single().Text;
        ns.LoadNft(ours).EnsureSuccess($"loading RuleLang's nft for {vector.Id}");
        string chainName = NftNames.Chain(parsed.Table, NetfilterFacts.ChainName(hook));
        var ourLines = RuleLines(ns.Exec($"nft list chain inet {PolicyName} {chainName}").EnsureSuccess().StdOut);

        string scratch = ScratchTable(vectorFamily, parsed.Table, hook, rule.Target is JumpTarget j ? j.Chain : null);
        ExecResult loaded = ns.LoadNft(scratch + $"add rule {vectorFamily} {VectorTable} {NetfilterFacts.ChainName(hook)} {body}\n");
        if (!loaded.Success)
        {
            return (Outcome.Different, $"nft 1.0.6 refuses the vector's rule, so it cannot be compared: {loaded.StdErr.Trim()}");
        }
        var vectorLines = RuleLines(ns.Exec($"nft list chain {vectorFamily} {VectorTable} {NetfilterFacts.ChainName(hook)}").EnsureSuccess().StdOut);

        // Ours serves both families in one inet table; the vector's table holds one. Compare ours for that family.
        string other = vectorFamily == "ip" ? "meta nfproto ipv6 " : "meta nfproto ipv4 ";
        var ourFamilyLines = ourLines.Where(l => !l.StartsWith(other, StringComparison.Ordinal)).ToArray();
        string added = targetAdded ? " (-j ACCEPT added)" : "";
        if (ourFamilyLines.Length != 1 || vectorLines.Count != 1)
        {
            return (Outcome.Different, $"rule counts differ{added}: ours [{string.Join(" | ", ourFamilyLines)}], vector's [{string.Join(" | ", vectorLines)}]");
        }
        string ourNormal = Normalise(ourFamilyLines[0], vectorFamily, parsed.Table, ours: true);
        string vectorNormal = Normalise(vectorLines[0], vectorFamily, parsed.Table, ours: false);
        return ourNormal == vectorNormal
            ? (Outcome.Equal, $"{ourNormal}{added}")
            : (Outcome.Different, $"{added}\n  ours:     {ourFamilyLines[0]}\n  vector's: {vectorLines[0]}\n  normalised ours:     {ourNormal}\n  normalised vector's: {vectorNormal}");
    }

    private static string Describe(IEnumerable<PolicyDiagnostic> diagnostics) => string.Join("; ", diagnostics.Select(d => d.ToString()));

    private static readonly Regex RuleCommand = new(@"^nft '(?:add|insert) rule (ip|ip6) \S+ \S+ (.*)'$", RegexOptions.CultureInvariant);

    private static bool TryRuleBody(string nftLine, out string family, out string body)
    {
        var m = RuleCommand.Match(nftLine.Trim());
        family = m.Success ? m.Groups[1].Value : "";
        body = m.Success ? m.Groups[2].Value : "";
        return m.Success;
    }

    /// <summary>A table of the vector's family with the built-in chain at the hook, type and priority our script gives it.</summary>
    private static string ScratchTable(string family, TableKind table, Hook hook, string? userChain)
    {
        string chain = NetfilterFacts.ChainName(hook);
        var script = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"table {family} {VectorTable} {{\n")
            .Append(CultureInfo.InvariantCulture, $"\tchain {chain} {{ type {NftBackend.ChainType(table, hook)} hook {chain.ToLowerInvariant()} priority {NetfilterFacts.Priority(table, hook)}; policy accept; }}\n");
        if (userChain is not null)
        {
            script.Append(CultureInfo.InvariantCulture, $"\tchain {userChain} {{ }}\n");
        }
        return script.Append("}\n").ToString();
    }

    private static readonly Regex Handle = new(@"\s*# handle \d+\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex Spaces = new(@"\s+", RegexOptions.CultureInvariant);

    /// <summary>The rule lines of `nft list chain`: what is between the chain's `type …;` line and its closing brace.</summary>
    private static IReadOnlyList<string> RuleLines(string listing)
    {
        var rules = new List<string>();
        bool inChain = false;
        foreach (string raw in listing.Split('\n'))
        {
            string line = Spaces.Replace(Handle.Replace(raw, ""), " ").Trim();
            if (line.StartsWith("chain ", StringComparison.Ordinal))
            {
                inChain = true;
                continue;
            }
            if (!inChain || line.Length == 0 || line.StartsWith("type ", StringComparison.Ordinal))
            {
                continue;
            }
            if (line == "}")
            {
                break;
            }
            rules.Add(line);
        }
        return rules;
    }

    private static readonly Regex Counter = new(@"(^| )counter( packets \d+ bytes \d+)?(?= |$)", RegexOptions.CultureInvariant);
    private static readonly Regex FixedPart = new(
        @"^(?:(?:iifname|oifname) (?:!= )?""[^""]*""|(?:ip|ip6) (?:saddr|daddr) (?:!= )?\S+|meta l4proto (?:!= )?\S+)(?: |$)", RegexOptions.CultureInvariant);

    /// <summary>
    /// Both listed rules are brought to one form; every step keeps the rule's meaning for packets of the vector's
    /// family, which is all the vector's table ever sees:
    /// <list type="number">
    /// <item>`counter` goes (iptables-translate adds one to every rule; counting changes no verdict), and whitespace is collapsed.</item>
    /// <item>Ours only: a leading `meta nfproto ipv4` (`ipv6` for ip6 vectors) goes: our inet table serves both families and
    /// tests it, the vector's ip table is IPv4 by itself. `snat ip to` / `dnat ip6 to` become `snat to` / `dnat to`: inet
    /// needs the family word, an ip or ip6 table implies it. A jump to `filter_X` becomes a jump to `X`: our chains are
    /// named by table, the scratch table's are not. A test of a /0 network (`ip saddr 0.0.0.0/0`) goes: it holds for every
    /// packet of its family (the vector's translation leaves `-s 0.0.0.0/0` out for that reason).</item>
    /// <item>Ours only: `reject with icmpx C` becomes the reply the kernel sends for C in the vector's family
    /// (nft_reject_inet: icmpx no-route is ICMP net-unreachable and ICMPv6 no-route, host-unreachable is ICMP
    /// host-unreachable and ICMPv6 addr-unreachable, admin-prohibited is the family's admin-prohibited).</item>
    /// <item>Vector only: `ip protocol X` becomes `meta l4proto X`. For IPv4 they read the same byte: the kernel sets
    /// l4proto from the IPv4 header's protocol field (nft_set_pktinfo_ipv4), and our inet table has to use l4proto.</item>
    /// <item>Vector only: `meta random &amp; 2147483647 &lt; N` becomes `numgen random mod 2147483648 &lt; N`: both draw
    /// a 32-bit random number and keep 31 bits of it (the mask keeps the low 31, numgen's reciprocal_scale the high
    /// 31), so both compare a uniform number in [0, 2³¹) with N, as xt_statistic does.</item>
    /// <item>Vector only: `ct state ! X` (one state) becomes `ct state != X`. The first tests that X's bit is clear, the
    /// second that the state is not X; a packet's state is always exactly one bit (nft_ct: NF_CT_STATE_BIT(ctinfo), or
    /// the invalid or untracked bit), so the two agree. With several states they do not, and nothing is rewritten.</item>
    /// <item>The leading run of interface, address and protocol tests is sorted: iptables-translate writes interfaces
    /// first, RuleLang addresses first (iptables-save's order). These tests have no side effects, so their order
    /// does not change which packets match; everything after them keeps its order, since limits and counters do.</item>
    /// </list>
    /// </summary>
    public static string Normalise(string rule, string vectorFamily, TableKind table, bool ours)
    {
        string line = Spaces.Replace(Counter.Replace(rule, " "), " ").Trim();
        if (ours)
        {
            string nfproto = vectorFamily == "ip" ? "meta nfproto ipv4 " : "meta nfproto ipv6 ";
            if (line.StartsWith(nfproto, StringComparison.Ordinal))
            {
                line = line.Substring(nfproto.Length);
            }
            line = Regex.Replace(line, @"\b(snat|dnat) (ip|ip6) to\b", "$1 to", RegexOptions.CultureInvariant);
            line = Regex.Replace(line, @"\b(jump|goto) " + Regex.Escape(NetfilterFacts.TableName(table)) + "_", "$1 ", RegexOptions.CultureInvariant);
            line = Regex.Replace(line, @"(^| )(ip saddr|ip daddr) 0\.0\.0\.0/0(?= |$)", "", RegexOptions.CultureInvariant).Trim();
            line = Regex.Replace(line, @"(^| )(ip6 saddr|ip6 daddr) ::/0(?= |$)", "", RegexOptions.CultureInvariant).Trim();
            line = vectorFamily == "ip"
                ? line.Replace("reject with icmpx no-route", "reject with icmp net-unreachable", StringComparison.Ordinal)
                    .Replace("reject with icmpx host-unreachable", "reject with icmp host-unreachable", StringComparison.Ordinal)
                    .Replace("reject with icmpx admin-prohibited", "reject with icmp admin-prohibited", StringComparison.Ordinal)
                : line.Replace("reject with icmpx no-route", "reject with icmpv6 no-route", StringComparison.Ordinal)
                    .Replace("reject with icmpx host-unreachable", "reject with icmpv6 addr-unreachable", StringComparison.Ordinal)
                    .Replace("reject with icmpx admin-prohibited", "reject with icmpv6 admin-prohibited", StringComparison.Ordinal);
        }
        else
        {
            line = Regex.Replace(line, @"\bip protocol ", "meta l4proto ", RegexOptions.CultureInvariant);
            line = Regex.Replace(line, @"\bmeta random & 2147483647 < ", "numgen random mod 2147483648 < ", RegexOptions.CultureInvariant);
            line = Regex.Replace(line, @"\bct state ! ([a-z]+)(?= |$)", "ct state != $1", RegexOptions.CultureInvariant);
        }
        return SortFixedPart(line);
    }

    private static string SortFixedPart(string line)
    {
        var tests = new List<string>();
        string rest = line;
        for (Match m = FixedPart.Match(rest); m.Success; m = FixedPart.Match(rest))
        {
            tests.Add(m.Value.Trim());
            rest = rest.Substring(m.Length);
        }
        tests.Sort(StringComparer.Ordinal);
        return string.Join(" ", tests.Append(rest).Where(p => p.Length > 0));
    }
}
