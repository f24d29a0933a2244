using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Scenarios;
using static RuleLang.KernelTests.Scenarios.WebServerScenario;

namespace RuleLang.KernelTests;

/// <summary>
/// The committed web-server rulesets on <see cref="WebServerScenario"/>, once per back end (iptables: the
/// .iptables and .ip6tables files; nft: the .nft script alone, both families from one inet table): real
/// connections prove SSH is LAN-only, HTTPS is open, port 80 reaches the application on 8080 while 8080 itself
/// stays closed, and everything else is silently dropped.
/// </summary>
[TestFixture(Backend.Iptables)]
[TestFixture(Backend.Nft)]
public sealed class WebServerTrafficTests : KernelTestBase
{
    private readonly Backend _backend;
    private WebServerScenario _s = null!;

    public WebServerTrafficTests(Backend backend) => _backend = backend;

    [SetUp]
    public void BuildTopology() => _s = Build(CreateNamespace, _backend);

    [TearDown]
    public void StopServers() => _s.Dispose();

    [TestCase(LanServerV4)]
    [TestCase(LanServerV6)]
    public void Ssh_from_the_office_lan_is_accepted(string server) => ExpectConnected(_s.Lan, server, 22, "ssh", "ssh from the office LAN only");

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    public void Ssh_from_outside_is_dropped(string server) =>
        ExpectDropped(_s.Outside, server, 22, "only the office LAN may use ssh; the INPUT policy DROP must drop, not reject");

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    public void Https_is_open_to_outside(string server) => ExpectConnected(_s.Outside, server, 443, "https", "--dport 443");

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    public void Port_80_is_redirected_to_the_application_on_8080(string server) =>
        ExpectConnected(_s.Outside, server, 80, "app", "REDIRECT --to-ports 8080");

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    public void Port_8080_itself_is_closed_to_outside(string server) =>
        ExpectDropped(_s.Outside, server, 8080, "only connections redirected from port 80 (--ctstate DNAT) may reach 8080");

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    [TestCase(LanServerV4)]
    public void Other_ports_are_dropped(string server) =>
        ExpectDropped(server == LanServerV4 ? _s.Lan : _s.Outside, server, 3306, "3306 is not opened by the policy");

    [Test]
    public void Ping_from_outside_is_answered()
    {
        Assert.That(Traffic.Ping(_s.Outside, OutsideServerV4), Is.True, "ICMP echo-request is accepted (limit 10/sec)\n" + _s.Rulesets);
        Assert.That(Traffic.Ping(_s.Outside, OutsideServerV6), Is.True, "ICMPv6 is accepted\n" + _s.Rulesets);
    }

    private void ExpectConnected(NetNamespace client, string server, int port, string reply, string rule)
    {
        ConnectOutcome outcome = Traffic.TryConnect(client, server, port);
        Assert.That(outcome, Is.EqualTo(ConnectOutcome.Connected(reply)),
            $"{client.Name} → [{server}]:{port} should reach the '{reply}' listener ({rule}).\n{_s.Rulesets}");
    }

    private void ExpectDropped(NetNamespace client, string server, int port, string why)
    {
        ConnectOutcome outcome = Traffic.TryConnect(client, server, port, Flow.DropWait);
        Assert.That(outcome.Status, Is.EqualTo(ConnectStatus.TimedOut),
            $"{client.Name} → [{server}]:{port} gave {outcome}; expected a silent drop: {why}.\n{_s.Rulesets}");
    }
}
