using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Testing;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests;

/// <summary>
/// `-m statistic --mode nth --every n --packet p` and the nft back end's `numgen inc mod n …` match the same packets,
/// not only one in n: the iptables rule (loaded by iptables-restore, xt_statistic in the kernel) and RuleLang's nft
/// rule see the same UDP packets one at a time, and the numbers of the packets each matched must be equal.
/// (This found the nft back end matching packet p+2 instead of p+1; iptables-translate gets it right.)
/// </summary>
[TestFixture]
public sealed class NthPhaseKernelTests : KernelTestBase
{
    private const int Packets = 12;

    [TestCase(10, 1)]
    [TestCase(5, 2)]
    [TestCase(3, 0)]
    [TestCase(4, 3)]
    public void Nft_nth_matches_the_very_packets_iptables_nth_matches(int every, int packet)
    {
        NetNamespace ns = CreateNamespace("nth");
        string iptablesRule = $"-A OUTPUT -o lo -p udp -m udp --dport 9 -m statistic --mode nth --every {every} --packet {packet} -j ACCEPT";
        ns.RestoreIptables($"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n{iptablesRule}\nCOMMIT\n").EnsureSuccess("loading the iptables rule");

        var policy = Policy("nthphase", Table(TableKind.Filter,
            Builtin(Hook.Output, Rule(Accept, Out("lo"), Proto(Protocol.Udp), Dport(9), new NthMatch(every, packet)))));
        var compiled = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        string script = compiled.Rulesets.Single().Text;
        string ours = script.Split('\n').Single(l => l.Contains("meta nfproto ipv4", System.StringComparison.Ordinal)).Trim();
        Assert.That(ours, Does.Contain($"numgen inc mod {every} "));
        // A counter before the verdict shows which packets the rule matched; it changes nothing else.
        Assert.That(ours, Does.EndWith(" accept"));
        string counted = script.Replace(ours, ours.Substring(0, ours.Length - " accept".Length) + " counter accept", System.StringComparison.Ordinal);
        ns.LoadNft(counted).EnsureSuccess("loading RuleLang's nft rule");

        string trace = ns.Exec(
            $"for i in $(seq 1 {Packets}); do echo x | socat -u - UDP:127.0.0.1:9 2>/dev/null; "
            + "a=$(iptables-save -c -t filter | sed -n 's/^\\[\\([0-9]*\\):[0-9]*\\] -A OUTPUT .*--every.*/\\1/p'); "
            + "b=$(nft list chain inet nthphase filter_OUTPUT | sed -n 's/.*meta nfproto ipv4.*counter packets \\([0-9]*\\) .*/\\1/p'); "
            + "echo \"$i $a $b\"; done").EnsureSuccess("sending packets").StdOut;

        var iptablesMatched = new List<int>();
        var nftMatched = new List<int>();
        int lastA = 0, lastB = 0;
        foreach (string line in trace.Split('\n', System.StringSplitOptions.RemoveEmptyEntries))
        {
            int[] f = line.Split(' ').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            Assert.That(f, Has.Length.EqualTo(3), () => "unexpected trace line: " + line + "\n" + trace);
            if (f[1] > lastA)
            {
                iptablesMatched.Add(f[0]);
            }
            if (f[2] > lastB)
            {
                nftMatched.Add(f[0]);
            }
            (lastA, lastB) = (f[1], f[2]);
        }

        // The kernel's rule: packet p+1 first, then every nth.
        var expected = Enumerable.Range(1, Packets).Where(k => (k - 1) % every == packet).ToArray();
        Assert.That(iptablesMatched, Is.EqualTo(expected), $"iptables {iptablesRule}\n{trace}");
        Assert.That(nftMatched, Is.EqualTo(iptablesMatched), $"RuleLang's `{ours}` against iptables' --every {every} --packet {packet}\n{trace}");
    }
}
