using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using static RuleLang.Tests.KubeImport.KubeJson;

namespace RuleLang.Tests.KubeImport;

/// <summary>
/// rulelang kube's flags for the kube-proxy settings that come from its command line, not from the API:
/// --localhost-nodeports (kube-proxy's default, on), --random-fully and --nfacct.
/// </summary>
[NonParallelizable]
public class KubeNodeFlagTests
{
    private const string LocalnetGuard = "-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block incoming localnet connections\" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n";
    private const string NodePortsTail = "-m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n";

    private string _file = "";

    [SetUp]
    public void WriteCluster()
    {
        _file = Path.Combine(Path.GetTempPath(), "rulelang-kube-flags-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(_file, List(
            Service("ns1", "svc1", "172.30.0.41", Port("p80", 80, nodePort: 3001)),
            Slice("ns1", "svc1", "svc1-1", "IPv4", new[] { SlicePort("p80", 80) }, Endpoint("10.180.0.1"))));
    }

    [TearDown]
    public void DeleteCluster() => File.Delete(_file);

    private string Iptables(params string[] flags)
    {
        var (code, stdout, stderr) = CliRunner.Run(new[] { "kube", _file, "--format", "iptables" }.Concat(flags).ToArray());
        Assert.That(code, Is.EqualTo(0), stderr);
        return stdout;
    }

    [Test]
    public void Localhost_nodeports_are_on_by_default_as_in_kube_proxy()
    {
        string iptables = Iptables();
        Assert.That(iptables, Does.Contain(LocalnetGuard));
        Assert.That(iptables, Does.Contain("-A KUBE-SERVICES " + NodePortsTail));
    }

    [Test]
    public void Localhost_nodeports_false_leaves_127_out_of_the_nodeports_and_drops_the_guard()
    {
        string iptables = Iptables("--localhost-nodeports", "false");
        Assert.That(iptables, Does.Not.Contain("block incoming localnet connections"));
        Assert.That(iptables, Does.Contain("-A KUBE-SERVICES ! -d 127.0.0.0/8 " + NodePortsTail));
    }

    [Test]
    public void Random_fully_is_on_unless_said_false()
    {
        Assert.That(Iptables(), Does.Contain("-j MASQUERADE --random-fully\n"));
        Assert.That(Iptables("--random-fully", "false"), Does.Contain("\"kubernetes service traffic requiring SNAT\" -j MASQUERADE\n"));
    }

    [Test]
    public void Nfacct_counts_where_kube_proxy_counts_and_is_off_by_default()
    {
        Assert.That(Iptables(), Does.Not.Contain("nfacct"));
        string iptables = Iptables("--nfacct");
        Assert.That(iptables, Does.Contain("-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP\n"));
        Assert.That(iptables, Does.Contain(
            "-A KUBE-NODEPORTS -d 127.0.0.0/8 -p tcp -m comment --comment \"ns1/svc1:p80\" -m tcp --dport 3001 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-XPGD46QRK7WJZT7O\n"
            + "-A KUBE-NODEPORTS -p tcp -m comment --comment \"ns1/svc1:p80\" -m tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O\n"));
        // Without localhost NodePorts there is no 127.0.0.0/8 traffic to count.
        Assert.That(Iptables("--nfacct", "--localhost-nodeports", "false"), Does.Not.Contain("localhost_nps_accepted_pkts"));
    }

    [Test]
    public void Nodeport_addresses_jump_to_the_nodeports_from_the_node_addresses_in_the_ranges_only()
    {
        // kube-proxy's TestNodePorts, "localhost-nodeports disabled, localhost in nodeport-addresses" and enabled.
        string off = Iptables("--node-ip", "192.168.0.2", "--nodeport-addresses", "192.168.0.0/24", "127.0.0.1/32", "--localhost-nodeports", "false");
        Assert.That(off, Does.Contain("-A KUBE-SERVICES -d 192.168.0.2/32 " + NodePortsTail.Replace("-m addrtype --dst-type LOCAL ", "")));
        Assert.That(off, Does.Not.Contain("-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS"));
        Assert.That(off, Does.Not.Contain("-A KUBE-SERVICES -d 127.0.0.1/32"));
        string on = Iptables("--node-ip", "192.168.0.2", "--nodeport-addresses", "192.168.0.0/24", "127.0.0.1/32");
        Assert.That(on, Does.Contain("-A KUBE-SERVICES -d 127.0.0.1/32 " + NodePortsTail.Replace("-m addrtype --dst-type LOCAL ", "")
            + "-A KUBE-SERVICES -d 192.168.0.2/32 "));
        // A range of length 0 is every local address, as no range at all.
        Assert.That(Iptables("--nodeport-addresses", "0.0.0.0/0"), Does.Contain("-A KUBE-SERVICES " + NodePortsTail));
    }

    [TestCase("compact")]
    [TestCase("kube-proxy")]
    public void Nft_ignores_localhost_nodeports_as_kube_proxy_s_nftables_mode(string layout)
    {
        var on = CliRunner.Run("kube", _file, "--format", "nft", "--layout", layout);
        var off = CliRunner.Run("kube", _file, "--format", "nft", "--layout", layout, "--localhost-nodeports", "false");
        Assert.That(on.Code, Is.EqualTo(0), on.StdErr);
        Assert.That(on.StdErr, Does.Not.Contain("error"));
        // The same script either way: kube-proxy's nftables mode never answers NodePorts on 127.0.0.1.
        Assert.That(on.StdOut, Is.EqualTo(off.StdOut));
    }

    [TestCase("compact")]
    [TestCase("kube-proxy")]
    public void Nft_takes_nodeports_on_the_node_addresses_in_the_ranges_only(string layout)
    {
        string Nft(params string[] flags)
        {
            var (code, stdout, stderr) = CliRunner.Run(new[] { "kube", _file, "--format", "nft", "--layout", layout, "--node-ip", "192.168.0.2", "--node-ip", "192.168.1.2" }.Concat(flags).ToArray());
            Assert.That(code, Is.EqualTo(0), stderr);
            return stdout;
        }

        // kube-proxy's nftables mode fills nodeport-ips with the node's addresses in --nodeport-addresses.
        Assert.That(Nft("--nodeport-addresses", "192.168.0.2/32"), Does.Match(@"set nodeport-ips \{[^}]*elements = \{ 192\.168\.0\.2 \}"));
        Assert.That(Nft(), Does.Match(@"set nodeport-ips \{[^}]*elements = \{ 192\.168\.0\.2,\s+192\.168\.1\.2 \}"));
        // No node address in the ranges: no address takes NodePorts, rather than every local one.
        string none = Nft("--nodeport-addresses", "10.9.9.0/24");
        Assert.That(none, Does.Match(@"set nodeport-ips \{[^}]*comment ""IPs that accept NodePort traffic""\s*\}"));
        Assert.That(none, Does.Not.Contain("fib daddr type local"));
        Assert.That(none, Does.Contain("ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports"));
    }
}
