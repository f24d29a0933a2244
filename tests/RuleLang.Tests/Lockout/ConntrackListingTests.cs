using System.Linq;
using System.Net;
using NUnit.Framework;
using RuleLang.Analysis.Lockout;
using RuleLang.Model.Netfilter;

namespace RuleLang.Tests.Lockout;

/// <summary>The listings are real: conntrack v1.4.7 inside a network namespace, a socat client and server on each side.</summary>
public class ConntrackListingTests
{
    private const string Captured =
        "udp      17 27 src=10.77.0.5 dst=10.77.0.1 sport=35475 dport=53 src=10.77.0.1 dst=10.77.0.5 sport=53 dport=35475 mark=0 use=1\n"
        + "tcp      6 299 ESTABLISHED src=10.77.0.5 dst=10.77.0.1 sport=58946 dport=22 src=10.77.0.1 dst=10.77.0.5 sport=22 dport=58946 [ASSURED] mark=0 use=1\n"
        + "tcp      6 431999 ESTABLISHED src=fd77::5 dst=fd77::1 sport=38846 dport=2222 src=fd77::1 dst=fd77::5 sport=2222 dport=38846 [ASSURED] mark=0 use=1\n"
        + "tcp      6 9 CLOSE src=10.77.0.5 dst=10.77.0.1 sport=58946 dport=22 src=10.77.0.1 dst=10.77.0.5 sport=22 dport=58946 [ASSURED] mark=0 use=1\n"
        + "conntrack v1.4.7 (conntrack-tools): 4 flow entries have been shown.\n";

    [Test]
    public void Established_tcp_entries_of_both_families_are_kept_and_the_rest_left_out()
    {
        var flows = ConntrackListing.ParseEstablished(Captured);
        Assert.That(flows.Select(f => f.ToString()), Is.EqualTo(new[] { "tcp 10.77.0.5:58946 -> 10.77.0.1:22", "tcp [fd77::5]:38846 -> [fd77::1]:2222" }));
        Assert.That(flows.All(f => !f.IsSession && !f.Dnat), Is.True);
        Assert.That(flows[0].Origin, Is.EqualTo("conntrack tcp 10.77.0.5:58946 -> 10.77.0.1:22"));
    }

    [Test]
    public void The_extended_format_and_assured_udp_are_read()
    {
        var flows = ConntrackListing.ParseEstablished(
            "ipv4     2 udp      17 22 src=10.77.0.5 dst=10.77.0.1 sport=5353 dport=53 src=10.77.0.1 dst=10.77.0.5 sport=53 dport=5353 [ASSURED] mark=0 use=1\n");
        Assert.That(flows.Single().ToString(), Is.EqualTo("udp 10.77.0.5:5353 -> 10.77.0.1:53"));
    }

    [Test]
    public void A_dnat_entry_is_kept_with_the_address_input_sees()
    {
        var flows = ConntrackListing.ParseEstablished(
            "tcp      6 431999 ESTABLISHED src=203.0.113.5 dst=198.51.100.1 sport=40000 dport=2222 src=10.0.0.1 dst=203.0.113.5 sport=22 dport=40000 [ASSURED] mark=0 use=1\n");
        Assert.That((flows.Single().ToString(), flows.Single().Dnat), Is.EqualTo(("tcp 203.0.113.5:40000 -> 10.0.0.1:22", true)));
    }

    [Test]
    public void With_local_addresses_outgoing_entries_are_swapped_and_forwarded_ones_left_out()
    {
        var listing =
            "tcp      6 299 ESTABLISHED src=10.77.0.1 dst=192.0.2.80 sport=51000 dport=443 src=192.0.2.80 dst=10.77.0.1 sport=443 dport=51000 [ASSURED] mark=0 use=1\n"
            + "tcp      6 299 ESTABLISHED src=10.9.0.2 dst=192.0.2.80 sport=51000 dport=443 src=192.0.2.80 dst=10.9.0.2 sport=443 dport=51000 [ASSURED] mark=0 use=1\n";
        var flows = ConntrackListing.ParseEstablished(listing, new[] { IPAddress.Parse("10.77.0.1") });
        Assert.That(flows.Select(f => f.ToString()), Is.EqualTo(new[] { "tcp 192.0.2.80:443 -> 10.77.0.1:51000" }));
    }

    [TestCase("tcp 6 299 ESTABLISHED src=10.0.0.5 dst=10.0.0.1 sport=1 dport=22 [ASSURED]")]
    [TestCase("tcp 6 299 ESTABLISHED src=10.0.0.5 dst=fd77::1 sport=1 dport=22 src=fd77::1 dst=10.0.0.5 sport=22 dport=1")]
    [TestCase("tcp 6 299 ESTABLISHED src=10.0.0.5 dst=10.0.0.1 sport=99999 dport=22 src=10.0.0.1 dst=10.0.0.5 sport=22 dport=99999")]
    [TestCase("icmp     1 29 src=10.77.0.5 dst=10.77.0.1 type=8 code=0 id=7 src=10.77.0.1 dst=10.77.0.5 type=0 code=0 id=7 mark=0 use=1")]
    [TestCase("garbage = = ==")]
    public void A_line_that_is_not_a_whole_entry_is_left_out(string line)
    {
        Assert.That(ConntrackListing.ParseEstablished(line), Is.Empty);
    }
}
