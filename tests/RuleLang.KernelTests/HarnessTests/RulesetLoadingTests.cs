using System;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests.HarnessTests;

[TestFixture]
public sealed class RulesetLoadingTests : KernelTestBase
{
    private NetNamespace _client = null!;
    private NetNamespace _server = null!;

    [SetUp]
    public void Connect()
    {
        _client = CreateNamespace("client");
        _server = CreateNamespace("server");
        Topology.Connect(_client, new[] { "10.0.1.1/24", "fd00:1::1/64" }, _server, new[] { "10.0.1.2/24", "fd00:1::2/64" });
    }

    [Test]
    public void Drop_rule_in_namespace_times_out_and_host_is_untouched()
    {
        HostSnapshot before = HostSnapshot.Take();
        using TrafficServer server = Traffic.StartTcpServer(_server, "10.0.1.2", 8080, "srv");
        using TrafficServer other = Traffic.StartTcpServer(_server, "10.0.1.2", 8081, "other");
        Assert.That(Traffic.TryConnect(_client, "10.0.1.2", 8080).IsConnected, Is.True);

        ExecResult r = _server.RestoreIptables("*filter\n-A INPUT -p tcp --dport 8080 -j DROP\nCOMMIT\n");
        Assert.That(r.Success, Is.True, r.Describe());

        Assert.That(Traffic.TryConnect(_client, "10.0.1.2", 8080, TimeSpan.FromSeconds(1)).Status, Is.EqualTo(ConnectStatus.TimedOut));
        Assert.That(Traffic.TryConnect(_client, "10.0.1.2", 8081), Is.EqualTo(ConnectOutcome.Connected("other")));
        Assert.That(_server.SaveIptables(), Does.Contain("-A INPUT -p tcp -m tcp --dport 8080 -j DROP"));
        Assert.That(_client.SaveIptables(), Does.Not.Contain("8080"), "other namespaces are unaffected");
        Assert.That(HostSnapshot.Take(), Is.EqualTo(before), "the host's own rulesets and interfaces are unchanged");
    }

    [Test]
    public void Reject_with_tcp_reset_is_refused()
    {
        using TrafficServer server = Traffic.StartTcpServer(_server, "10.0.1.2", 8080, "srv");
        _server.RestoreIptables("*filter\n-A INPUT -p tcp --dport 8080 -j REJECT --reject-with tcp-reset\nCOMMIT\n").EnsureSuccess();
        ConnectOutcome outcome = Traffic.TryConnect(_client, "10.0.1.2", 8080);
        Assert.That(outcome.Status, Is.EqualTo(ConnectStatus.Refused), outcome.ToString());
    }

    [Test]
    public void Reject_with_icmp_is_refused_for_tcp_udp_and_ping()
    {
        using TrafficServer tcp = Traffic.StartTcpServer(_server, "10.0.1.2", 8080, "srv");
        using TrafficServer udp = Traffic.StartUdpServer(_server, "10.0.1.2", 5353, "srv");
        _server.RestoreIptables("*filter\n-A INPUT -j REJECT --reject-with icmp-admin-prohibited\nCOMMIT\n").EnsureSuccess();
        Assert.That(Traffic.TryConnect(_client, "10.0.1.2", 8080).Status, Is.EqualTo(ConnectStatus.Refused));
        Assert.That(Traffic.UdpRequest(_client, "10.0.1.2", 5353).Status, Is.EqualTo(ConnectStatus.Refused));
        Assert.That(Traffic.Ping(_client, "10.0.1.2", TimeSpan.FromMilliseconds(500)), Is.False);
    }

    [Test]
    public void Udp_and_ping_drop_time_out()
    {
        using TrafficServer udp = Traffic.StartUdpServer(_server, "10.0.1.2", 5353, "srv");
        _server.RestoreIptables("*filter\n:INPUT DROP [0:0]\nCOMMIT\n").EnsureSuccess();
        Assert.That(Traffic.UdpRequest(_client, "10.0.1.2", 5353, TimeSpan.FromSeconds(1)).Status, Is.EqualTo(ConnectStatus.TimedOut));
        Assert.That(Traffic.Ping(_client, "10.0.1.2", TimeSpan.FromMilliseconds(500)), Is.False);
    }

    [Test]
    public void Ip6tables_restore_drop_applies_to_ipv6_only()
    {
        using TrafficServer v6 = Traffic.StartTcpServer(_server, "::", 8080, "dual");
        _server.RestoreIptables("*filter\n-A INPUT -p tcp --dport 8080 -j DROP\nCOMMIT\n", IpFamily.V6).EnsureSuccess();
        Assert.That(Traffic.TryConnect(_client, "fd00:1::2", 8080, TimeSpan.FromSeconds(1)).Status, Is.EqualTo(ConnectStatus.TimedOut));
        Assert.That(Traffic.TryConnect(_client, "10.0.1.2", 8080), Is.EqualTo(ConnectOutcome.Connected("dual")), "IPv4 via the dual-stack socket");
        Assert.That(_server.SaveIptables(ipv6: true), Does.Contain("--dport 8080 -j DROP"));
        Assert.That(_server.SaveIptables(ipv6: false), Does.Not.Contain("8080"));
    }

    [Test]
    public void Invalid_ruleset_reports_the_failing_line()
    {
        const string text = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n# a comment\n\n-A INPUT -p tcp -j DNAT --to-destination 1.2.3.4\nCOMMIT\n";
        ExecResult r = _server.RestoreIptables(text);
        TestContext.Out.WriteLine(r.Describe());
        Assert.That(r.ExitCode, Is.Not.Zero);
        Assert.That(r.StdErr, Does.Contain("line 6"));
    }

    [Test]
    public void RuleLines_of_restore_input_equal_those_of_saved_output()
    {
        const string text =
            "# emitted by a test\n" +
            "*filter\n" +
            ":INPUT DROP [0:0]\n" +
            ":FORWARD DROP [0:0]\n" +
            ":OUTPUT ACCEPT [0:0]\n" +
            ":SSH - [0:0]\n" +
            "-A INPUT -i lo -j ACCEPT\n" +
            "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n" +
            "-A INPUT -s 192.168.1.0/24 -p tcp -m tcp --dport 22 -j ACCEPT\n" +
            "-A INPUT -p tcp -m tcp --dport 2222 -j SSH\n" +
            "-A SSH -s 10.0.0.0/8 -j ACCEPT\n" +
            "-A SSH -j REJECT --reject-with icmp-port-unreachable\n" +
            "COMMIT\n" +
            "*nat\n" +
            ":PREROUTING ACCEPT [0:0]\n" +
            ":INPUT ACCEPT [0:0]\n" +
            ":OUTPUT ACCEPT [0:0]\n" +
            ":POSTROUTING ACCEPT [0:0]\n" +
            "-A PREROUTING -d 10.0.1.2/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.1.2:8080\n" +
            "-A POSTROUTING -o eth0 -j MASQUERADE\n" +
            "COMMIT\n";
        _server.RestoreIptables(text).EnsureSuccess();
        string saved = _server.SaveIptables();
        TestContext.Out.WriteLine(saved);
        Assert.That(IptablesText.RuleLines(saved), Is.EqualTo(IptablesText.RuleLines(text)));
    }

    [Test]
    public void Nft_script_loads_and_is_listed()
    {
        const string script =
            "table inet rltest {\n" +
            "  chain input {\n" +
            "    type filter hook input priority filter; policy accept;\n" +
            "    tcp dport 8080 drop\n" +
            "  }\n" +
            "}\n";
        using TrafficServer server = Traffic.StartTcpServer(_server, "10.0.1.2", 8080, "srv");
        ExecResult r = _server.LoadNft(script);
        Assert.That(r.Success, Is.True, r.Describe());
        string listed = _server.ListNft();
        Assert.That(listed, Does.Contain("table inet rltest"));
        Assert.That(listed, Does.Contain("tcp dport 8080 drop"));
        Assert.That(Traffic.TryConnect(_client, "10.0.1.2", 8080, TimeSpan.FromSeconds(1)).Status, Is.EqualTo(ConnectStatus.TimedOut));
        Assert.That(_client.ListNft(), Does.Not.Contain("rltest"));
    }

    [Test]
    public void Invalid_nft_script_fails_with_a_message()
    {
        ExecResult r = _server.LoadNft("table inet t {\n  chain c {\n    tcp dport bogus drop\n  }\n}\n");
        Assert.That(r.Success, Is.False);
        Assert.That(r.StdErr, Does.Contain("Error"));
    }
}
