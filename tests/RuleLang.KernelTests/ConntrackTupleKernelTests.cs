using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.Testing;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests;

/// <summary>
/// -m conntrack --ctorigdstport and --ctproto decide traffic the same way in both back ends: a UDP packet to
/// 127.0.0.1:8080 is DNATed to port 9 in nat OUTPUT, so filter OUTPUT sees port 9 in the packet and 8080 only in
/// the connection's original tuple. A rule dropping by the original port must drop it (sendto fails with EPERM) and
/// let a packet sent to port 9 itself pass; for nft, that is `ct original proto-dst`.
/// </summary>
[TestFixture]
public sealed class ConntrackTupleKernelTests : KernelTestBase
{
    private static readonly Model.Policy DnatThenDropByOriginalPort = Policy("cttuple",
        Table(TableKind.Nat, Builtin(Hook.Output,
            Rule(new DnatTarget("127.0.0.1", PortSpan.Single(9)), Dst("127.0.0.1"), Proto(Protocol.Udp), Dport(8080)))),
        Table(TableKind.Filter, Builtin(Hook.Output,
            Rule(Drop, Proto(Protocol.Udp), new ConntrackProtocolMatch(Protocol.Udp),
                new ConntrackPortMatch(ConntrackTuple.Original, AddressSide.Destination, PortSpan.Single(8080)),
                new ConntrackAddressMatch(ConntrackTuple.Original, AddressSide.Destination, "127.0.0.1"),
                new ConntrackPortMatch(ConntrackTuple.Reply, AddressSide.Source, PortSpan.Single(9))))));

    [TestCase(RulesetFormat.Iptables)]
    [TestCase(RulesetFormat.Nft)]
    public void A_dnated_packet_is_matched_by_its_original_destination_port(RulesetFormat format)
    {
        var compiled = PolicyCompiler.Compile(DnatThenDropByOriginalPort, new[] { format });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        var ns = CreateNamespace("cttuple");
        ns.Exec("ip link set lo up").EnsureSuccess("lo up");
        string text = compiled.Rulesets.First().Text;
        var loaded = format == RulesetFormat.Nft ? ns.LoadNft(text) : ns.RestoreIptables(text);
        loaded.EnsureSuccess("loading " + format + ":\n" + text);

        var toPublished = ns.Exec("echo x | socat -u - UDP:127.0.0.1:8080");
        var toTarget = ns.Exec("echo x | socat -u - UDP:127.0.0.1:9");
        Assert.That(toPublished.Success, Is.False, () => "the DNATed packet passed:\n" + toPublished.Describe() + "\n" + text);
        Assert.That(toPublished.StdErr, Does.Contain("Operation not permitted"), () => toPublished.Describe());
        Assert.That(toTarget.Success, Is.True, () => "a packet sent to port 9 itself was dropped:\n" + toTarget.Describe() + "\n" + text);
    }
}
