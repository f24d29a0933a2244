using System.Linq;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;
using RuleLang.Model.Matches;
using RuleLang.Model.Values;

namespace RuleLang.KernelTests;

/// <summary>
/// -m physdev's placement, proved by loading in a namespace: the checker's RL2132 must agree with the kernel for each
/// option in every built-in chain of every table. Its normal form is proved by NormalFormKernelTests (the
/// physdev-iptables-only policy). There is no traffic test: a bridged packet reaches iptables only with
/// br_netfilter's bridge-nf-call-iptables on, a sysctl these tests do not change, and nft has no form to compare.
/// </summary>
[TestFixture]
public sealed class PhysdevKernelTests : KernelTestBase
{
    private static readonly (string Text, PhysdevMatch Match)[] Options =
    {
        ("--physdev-in eth0", new PhysdevMatch(In: new BridgePort("eth0"))),
        ("--physdev-out eth0", new PhysdevMatch(Out: new BridgePort("eth0"))),
        ("! --physdev-out eth0", new PhysdevMatch(Out: new BridgePort("eth0", true))),
        ("--physdev-is-in", new PhysdevMatch(IsIn: true)),
        ("--physdev-is-out", new PhysdevMatch(IsOut: true)),
        ("--physdev-is-bridged", new PhysdevMatch(IsBridged: true)),
        ("--physdev-out eth0 --physdev-is-bridged", new PhysdevMatch(Out: new BridgePort("eth0"), IsBridged: true)),
        ("--physdev-out eth0 ! --physdev-is-bridged", new PhysdevMatch(Out: new BridgePort("eth0"), IsBridged: false)),
    };

    [Test]
    public void The_checker_places_physdev_where_the_kernel_loads_it()
    {
        NetNamespace ns = CreateNamespace("physdev");
        foreach (var (text, match) in Options)
        {
            MatchPlacement.AssertCheckerAgreesWithKernel(ns, "physdev", text, match);
        }
    }
}
